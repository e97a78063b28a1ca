#!/bin/bash
# usage: bench/wrk/ab-host.sh BIN LABEL Postgres|InMemory   (needs wrk: apt-get install wrk)
HERE="$(cd "$(dirname "$0")" && pwd)"
# Starts a host build (BIN: its bin/Release/net10.0 folder) on a scratch database of ALLOCATION_PG_PORT (default
# 55441 here), tops SKU-0001 at S001 up, then wrk: 12 s of hot reservations with unique ids and 8 s of GET stock
# as the yardstick. Alternate two builds (A B A B) and compare hot / GET within each run.
BIN=$1; LABEL=$2; STORAGE=$3
DB_PREFIX=w17ab
source "$HERE/scratch-host.sh"
if [ "$STORAGE" = Postgres ]; then scratch_db_create; fi
cd $BIN
ASPNETCORE_ENVIRONMENT=Production dotnet Allocation.Host.dll "${args[@]}" > ${LOG_DIR:-/tmp}/host-$LABEL.log 2>&1 &
HOST=$!
for i in $(seq 1 600); do grep -q "listening" ${LOG_DIR:-/tmp}/host-$LABEL.log && break; sleep 0.5; done
for n in 1 2 3; do curl -s -o /dev/null -w "%{http_code} " -X POST -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d "{\"quantity\":1000000,\"documentId\":\"ab-$n\"}" http://127.0.0.1:55491/api/v1/stock/SKU-0001/stores/S001/receipts; done; echo
wrk -t2 -c64 -d5s -s "$HERE/hot.lua" http://127.0.0.1:55491 > /dev/null 2>&1
echo "== $LABEL $STORAGE hot"; wrk -t2 -c64 -d12s --latency -s "$HERE/hot.lua" http://127.0.0.1:55491 | grep -E "Requests/sec|Non-2xx|50%|99%"
echo "== $LABEL $STORAGE get"; wrk -t2 -c64 -d8s -s "$HERE/get.lua" http://127.0.0.1:55491 | grep -E "Requests/sec|Non-2xx"
kill $HOST; wait $HOST 2>/dev/null
if [ "$STORAGE" = Postgres ]; then scratch_db_drop; fi
