#!/usr/bin/env bash
# The repository's own PostgreSQL: installed from Debian's packages when missing, data in .data/postgres (git-ignored),
# loopback only, its own port (ALLOCATION_PG_PORT, default 55432). The machine's system cluster is never used.
#   scripts/postgres.sh ensure   install/init/start as needed; prints the connection string last
#   scripts/postgres.sh url      print the connection string
#   scripts/postgres.sh status | stop | reset
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${ALLOCATION_PG_PORT:-55432}"
database="allocation"
data_dir="${repo}/.data/postgres"
log_file="${repo}/.data/postgres.log"

say() { printf 'postgres.sh: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "need root (or sudo) to run: $*"; fi
}

bin_dir() {
  local initdb
  initdb="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "${initdb}" ]] && dirname "${initdb}"
}

install_server() {
  [[ -n "$(bin_dir)" ]] && return 0
  say "installing PostgreSQL from Debian's packages"
  # The package's own cluster may be created by its post-install; it is left alone and never used.
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  [[ -n "$(bin_dir)" ]] || fail "postgresql installed but no initdb found under /usr/lib/postgresql"
}

as_postgres() { as_root runuser -u postgres -- "$@"; }

# The server refuses to run as root, so the data directory belongs to the postgres user; it must reach it.
choose_data_dir() {
  mkdir -p "${repo}/.data"
  if ! as_postgres test -x "${repo}/.data"; then
    local key
    key="$(printf '%s' "${repo}" | sha256sum | cut -c1-12)"
    data_dir="/var/tmp/allocation-postgres-${key}"
    log_file="${data_dir}.log"
    say "the postgres user cannot reach ${repo}/.data; using ${data_dir}"
  fi
}

init_cluster() {
  [[ -f "${data_dir}/PG_VERSION" ]] && return 0
  mkdir -p "${data_dir}"
  chown postgres:postgres "${data_dir}"
  chmod 700 "${data_dir}"
  as_postgres "$(bin_dir)/initdb" -D "${data_dir}" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "${data_dir}/postgresql.conf" <<CONF
# Allocation's own cluster: loopback only, durable (fsync and synchronous commit stay on).
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${data_dir}'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
}

is_running() { as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; }

start_server() {
  is_running && return 0
  touch "${log_file}" && chown postgres:postgres "${log_file}"
  as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" -l "${log_file}" -w -t 60 start >/dev/null \
    || fail "PostgreSQL did not start; see ${log_file}"
}

create_database() {
  local exists
  exists="$(as_postgres "$(bin_dir)/psql" -h 127.0.0.1 -p "${port}" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '${database}'")"
  [[ "${exists}" == 1 ]] || as_postgres "$(bin_dir)/createdb" -h 127.0.0.1 -p "${port}" -U postgres "${database}"
}

url() { printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=%s\n' "${port}" "${database}"; }

case "${1:-ensure}" in
  ensure)
    install_server
    choose_data_dir
    init_cluster
    start_server
    create_database
    url
    ;;
  url) url ;;
  status)
    [[ -n "$(bin_dir)" ]] || { echo "not installed"; exit 1; }
    choose_data_dir
    if is_running; then echo "running on 127.0.0.1:${port} (${data_dir})"; else echo "stopped (${data_dir})"; exit 1; fi
    ;;
  stop)
    [[ -n "$(bin_dir)" ]] || exit 0
    choose_data_dir
    if is_running; then as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" -m fast -w stop >/dev/null; fi
    ;;
  reset)
    "$0" stop
    choose_data_dir
    rm -rf "${data_dir}" "${log_file}"
    ;;
  *) fail "usage: scripts/postgres.sh [ensure|url|status|stop|reset]" ;;
esac
