#!/bin/bash
# Sourced by ab-host.sh and cold-restart.sh: one host on a scratch database of the repository's cluster.
# In: HERE (this folder), STORAGE (Postgres or InMemory), DB_PREFIX. Out: KEY (an admin API key, also AB_KEY for the
# wrk scripts), the host's arguments in `args`, and scratch_db_create / scratch_db_drop. The admin reaches the cluster
# over its Unix socket (peer authentication); the host connects as a role of the run's own, over TCP with a random
# password (scripts/postgres.sh: nobody is the superuser over TCP).
KEY="alk.default.ab.$(head -c 16 /dev/urandom | xxd -p)"; export AB_KEY=$KEY
SHA=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1 | tr a-f A-F)
DB="${DB_PREFIX}_$(date +%s%N | tail -c 8)"
export ALLOCATION_PG_PORT=${ALLOCATION_PG_PORT:-55441}
SOCKET=$("$HERE/../../scripts/postgres.sh" admin-url | sed -E 's/^Host=([^;]*);.*/\1/')
P="psql -h $SOCKET -p $ALLOCATION_PG_PORT -U postgres -q -d postgres"
DBPASS=$(head -c 16 /dev/urandom | xxd -p)
args=(--urls=http://127.0.0.1:55491 --Allocation:Host:SiloPort=55492 --Allocation:Host:GatewayPort=55493 --Allocation:Host:Storage=$STORAGE
  --Allocation:Demo:TenantId=default --Allocation:Access:Keys:0:Name=ab --Allocation:Access:Keys:0:TenantId=default
  --Allocation:Access:Keys:0:Role=admin --Allocation:Access:Keys:0:KeySha256=$SHA --Allocation:Host:SeedDemoData=true --Allocation:Demo:SkuCount=2)

scratch_db_create() {
  $P -c "CREATE ROLE ${DB}_role LOGIN PASSWORD '$DBPASS'" -c "CREATE DATABASE $DB OWNER ${DB}_role"
  export ConnectionStrings__Allocation="Host=127.0.0.1;Port=$ALLOCATION_PG_PORT;Username=${DB}_role;Password=$DBPASS;Database=$DB"
}

scratch_db_drop() {
  $P -c "DROP DATABASE $DB WITH (FORCE)" -c "DROP ROLE ${DB}_role"
}
