#!/usr/bin/env bash
# Runs the service on http://127.0.0.1:5080, durable on the repository's own PostgreSQL (installed and started
# when missing). `scripts/run.sh --in-memory` runs without PostgreSQL: nothing survives a restart.
set -euo pipefail
cd "$(dirname "$0")/.."

storage_args=()
if [[ "${1:-}" == "--in-memory" ]]; then
  shift
  storage_args=(--Allocation:Host:Storage=InMemory)
else
  # As the service's own role (not the superuser), its password in the environment rather than on the command line,
  # where any user's ps would show it.
  scripts/postgres.sh ensure >/dev/null
  ConnectionStrings__Allocation="$(scripts/postgres.sh url)"
  export ConnectionStrings__Allocation
  storage_args=(--Allocation:Host:Storage=Postgres)
fi

# Published ReadyToRun (precompiled, as a deployment should be): a restarted host spent a quarter less CPU before its
# banner than the same build JIT-compiling everything (docs/benchmarks.md section 6b, session 9). Incremental: a
# second run compiles only what changed.
rid="$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')"
publish_dir="src/Allocation.Host/bin/Release/net10.0/$rid/publish"
dotnet publish src/Allocation.Host -c Release -r "$rid" --self-contained false -o "$publish_dir" -nologo -v quiet
# Every /api/v1 route needs a credential: one development key per role, kept in .dev/credentials.env.
mapfile -t access_args < <(scripts/dev-credentials.sh settings)
scripts/dev-credentials.sh show
# The host itself replaces this script, not `dotnet run`: Ctrl-C, kill -INT and kill -TERM then reach the host directly
# (a `dotnet run` started in the background by a script ignores SIGINT and does not pass it on). The host reads its
# appsettings.json from beside its binary, wherever it is started from.
exec dotnet "$publish_dir/Allocation.Host.dll" "${storage_args[@]}" "${access_args[@]}" "$@"
