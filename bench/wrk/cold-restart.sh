#!/bin/bash
# usage: bench/wrk/cold-restart.sh BIN LABEL   (needs wrk: apt-get install wrk)
# The restart of a host, without the harness around it: starts a host build (BIN: a folder with Allocation.Host.dll,
# e.g. bin/Release/net10.0 or a `dotnet publish` output) on a scratch database of ALLOCATION_PG_PORT, takes a few
# reservations, kills it (-9), starts it again on the same database, and from its banner on sends hot reservations
# (wrk, 64 connections, 3 s). Prints the restart's seconds and host CPU seconds to the banner, then what the first 3 s
# after the banner answered and the host CPU they cost. CPU seconds, unlike wall time, compare across a loaded machine.
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN=$1; LABEL=$2
STORAGE=Postgres; DB_PREFIX=coldstart
source "$HERE/scratch-host.sh"
scratch_db_create
cd $BIN
start() { ASPNETCORE_ENVIRONMENT=Production dotnet Allocation.Host.dll "${args[@]}" > ${LOG_DIR:-/tmp}/host-$LABEL-$1.log 2>&1 & HOST=$!; }
start 1
for i in $(seq 1 1200); do grep -q "Application started" ${LOG_DIR:-/tmp}/host-$LABEL-1.log && break; sleep 0.1; done
curl -s -o /dev/null -X POST -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d '{"quantity":1000000,"documentId":"ab-1"}' http://127.0.0.1:55491/api/v1/stock/SKU-0001/stores/S001/receipts
wrk -t2 -c64 -d3s -s "$HERE/hot.lua" http://127.0.0.1:55491 > /dev/null 2>&1
kill -9 $HOST; wait $HOST 2>/dev/null
T0=$(date +%s.%N); start 2
for i in $(seq 1 2400); do grep -q "Application started" ${LOG_DIR:-/tmp}/host-$LABEL-2.log && break; sleep 0.05; done
T1=$(date +%s.%N); C1=$(awk '{print $14+$15}' /proc/$HOST/stat)
OUT=$(wrk -t2 -c64 -d3s --latency -s "$HERE/hot.lua" http://127.0.0.1:55491)
C2=$(awk '{print $14+$15}' /proc/$HOST/stat)
echo "$LABEL start->banner $(echo "$T1 - $T0" | bc) s, host CPU to banner $(echo "scale=2; $C1/100" | bc) s, first 3 s: $(echo "$OUT" | grep -E 'requests in' | awk '{print $1}') answered, p50 $(echo "$OUT" | awk '/50%/{print $2}'), max $(echo "$OUT" | awk '/Latency/{print $4}'), host CPU $(echo "scale=2; ($C2-$C1)/100" | bc) s, load $(cut -d' ' -f1 /proc/loadavg) $(echo "$OUT" | grep Non-2xx)"
kill $HOST; wait $HOST 2>/dev/null
scratch_db_drop
