#!/usr/bin/env bash
# CPU profile of the durable service host under one row of `bench http`: which frames cost CPU, and how much CPU a
# request costs. perf samples the CPU (on-CPU only, unlike dotnet-trace's thread-time sampling, which also counts
# threads that wait); the host runs with DOTNET_PerfMapEnabled=1 so perf names the JIT-compiled .NET frames.
# dotnet-trace's own CPU sampling (collect-linux) needs the kernel's user_events, which this machine's kernel lacks.
#   scripts/profile-host.sh named|hot|solver|basket|confirm [seconds]   (ALLOCATION_PG_PORT as for the tests)
# Output in .profiles/<path>-<time>/: bench.txt, perf.data, report.txt (top frames, self and with children), cpu.txt.
# Tools: perf from Debian's linux-perf package; dotnet-trace and dotnet-counters as global .NET tools (installed below
# when missing) for the thread-time and counter views the same folder can take.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
path="${1:?usage: profile-host.sh named|hot|solver|basket|confirm [seconds]}"
seconds="${2:-10}"
command -v perf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf; }
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace >/dev/null
command -v dotnet-counters >/dev/null || dotnet tool install -g dotnet-counters >/dev/null
out="$repo/.profiles/$path-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$out"
cd "$repo"
# W^X off: with it on, JIT code runs from a double mapping perf cannot name (memfd:doublemapper).
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet bench/Allocation.Bench/bin/Release/net10.0/Allocation.Bench.dll http \
  --duration-seconds $((seconds + 4)) --warmup-seconds 2 --no-open-model --paths "$path" --no-build > "$out/bench.txt" 2>&1 &
bench=$!
until grep -q "warmed up" "$out/bench.txt" 2>/dev/null; do
  kill -0 "$bench" 2>/dev/null || { echo "the benchmark ended before its row: $out/bench.txt" >&2; exit 1; }
  sleep 0.2
done
sleep 3  # the row's own warm-up
pid="$(grep -o 'host: pid [0-9]*' "$out/bench.txt" | head -1 | awk '{print $3}')"
hz="$(getconf CLK_TCK)"
cpu_before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
perf record -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep "$seconds" 2> "$out/perf-record.log"
cpu_after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
wait "$bench"
rate="$(grep -E '^\| [a-z].*service, PostgreSQL' "$out/bench.txt" | head -1 | awk -F'|' '{gsub(/[ ,]/, "", $4); print $4}')"
cpu_seconds="$(echo "scale=3; ($cpu_after - $cpu_before) / $hz" | bc)"
{
  echo "host pid $pid: $cpu_seconds CPU s in $seconds s; row rate $rate requests/s"
  echo "CPU per request: $(echo "scale=1; $cpu_seconds * 1000000 / ($rate * $seconds)" | bc) us"
} > "$out/cpu.txt"
perf report -i "$out/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^$' | head -30 > "$out/report.txt" || true
perf report -i "$out/perf.data" --no-children --sort symbol --stdio -g none --percent-limit 0.4 2>/dev/null | grep -v '^$' | head -90 >> "$out/report.txt" || true
perf report -i "$out/perf.data" --children --sort symbol --stdio --percent-limit 2 -g none 2>/dev/null | grep -v '^$' | head -150 >> "$out/report.txt" || true
cat "$out/cpu.txt"
echo "$out"
