#!/usr/bin/env bash
# Runs every test: provisions the repository's own PostgreSQL when missing (the end-to-end and storage tests use
# fresh databases on it), then the whole solution's test suite. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

# The store page's browser tests drive Debian's chromium (Playwright's own browser download needs internet); without
# it they fail, naming the fix, so a clean machine installs it here.
if ! command -v chromium >/dev/null 2>&1; then
    echo "test.sh: installing Debian's chromium for the store page's browser tests" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

connection_string="$(scripts/postgres.sh ensure | tail -n 1)"
admin_connection_string="$(printf '%s' "${connection_string}" | sed -E 's/Database=[^;]*/Database=postgres/')"
export ALLOCATION_POSTGRES="${admin_connection_string}"

# A hung test aborts the run (with a dump naming it) instead of holding CI for its whole time budget.
dotnet test Allocation.sln -c Release --nologo --blame-hang-timeout 5m "$@"
