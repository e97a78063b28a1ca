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
  connection_string="$(scripts/postgres.sh ensure | tail -n 1)"
  storage_args=(--Allocation:Host:Storage=Postgres "--Allocation:Host:ConnectionString=${connection_string}")
fi

dotnet build src/Allocation.Host -c Release -nologo -v quiet
exec dotnet run --no-build -c Release --project src/Allocation.Host -- "${storage_args[@]}" "$@"
