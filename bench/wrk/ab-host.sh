#!/bin/bash
# usage: bench/wrk/ab-host.sh BIN LABEL Postgres|InMemory   (needs wrk: apt-get install wrk)
HERE="$(cd "$(dirname "$0")" && pwd)"
# Starts a host build (BIN: its bin/Release/net10.0 folder) on a scratch database of ALLOCATION_PG_PORT (default
# 55441 here), tops SKU-0001 at S001 up, then wrk: 12 s of hot reservations with unique ids and 8 s of GET stock
# as the yardstick. Alternate two builds (A B A B) and compare hot / GET within each run.
BIN=$1; LABEL=$2; STORAGE=$3
KEY="alk.default.ab.$(head -c 16 /dev/urandom | xxd -p)"
export AB_KEY=$KEY
SHA=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1 | tr a-f A-F)
DB="w17ab_$(date +%s%N | tail -c 8)"
# The admin over the repository cluster's Unix socket (peer authentication); the host as a role of the run's own, over
# TCP with a random password (scripts/postgres.sh: nobody is the superuser over TCP).
export ALLOCATION_PG_PORT=${ALLOCATION_PG_PORT:-55441}
SOCKET=$("$HERE/../../scripts/postgres.sh" admin-url | sed -E 's/^Host=([^;]*);.*/\1/')
P="psql -h $SOCKET -p $ALLOCATION_PG_PORT -U postgres -q -d postgres"
DBPASS=$(head -c 16 /dev/urandom | xxd -p)
args=(--urls=http://127.0.0.1:55491 --Allocation:Host:SiloPort=55492 --Allocation:Host:GatewayPort=55493 --Allocation:Host:Storage=$STORAGE
  --Allocation:Demo:TenantId=default --Allocation:Access:Keys:0:Name=ab --Allocation:Access:Keys:0:TenantId=default
  --Allocation:Access:Keys:0:Role=admin --Allocation:Access:Keys:0:KeySha256=$SHA --Allocation:Host:SeedDemoData=true --Allocation:Demo:SkuCount=2)
if [ "$STORAGE" = Postgres ]; then
  $P -c "CREATE ROLE ${DB}_role LOGIN PASSWORD '$DBPASS'" -c "CREATE DATABASE $DB OWNER ${DB}_role"
  export ConnectionStrings__Allocation="Host=127.0.0.1;Port=$ALLOCATION_PG_PORT;Username=${DB}_role;Password=$DBPASS;Database=$DB"
fi
cd $BIN
ASPNETCORE_ENVIRONMENT=Production dotnet Allocation.Host.dll "${args[@]}" > ${LOG_DIR:-/tmp}/host-$LABEL.log 2>&1 &
HOST=$!
for i in $(seq 1 600); do grep -q "listening" ${LOG_DIR:-/tmp}/host-$LABEL.log && break; sleep 0.5; done
for n in 1 2 3; do curl -s -o /dev/null -w "%{http_code} " -X POST -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d "{\"quantity\":1000000,\"documentId\":\"ab-$n\"}" http://127.0.0.1:55491/api/v1/stock/SKU-0001/stores/S001/receipts; done; echo
wrk -t2 -c64 -d5s -s "$HERE/hot.lua" http://127.0.0.1:55491 > /dev/null 2>&1
echo "== $LABEL $STORAGE hot"; wrk -t2 -c64 -d12s --latency -s "$HERE/hot.lua" http://127.0.0.1:55491 | grep -E "Requests/sec|Non-2xx|50%|99%"
echo "== $LABEL $STORAGE get"; wrk -t2 -c64 -d8s -s "$HERE/get.lua" http://127.0.0.1:55491 | grep -E "Requests/sec|Non-2xx"
kill $HOST; wait $HOST 2>/dev/null
if [ "$STORAGE" = Postgres ]; then $P -c "DROP DATABASE $DB WITH (FORCE)" -c "DROP ROLE ${DB}_role"; fi
