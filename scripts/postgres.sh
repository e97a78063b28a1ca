#!/usr/bin/env bash
# The repository's own PostgreSQL: installed from Debian's packages when missing, data in .data/postgres (git-ignored),
# loopback only, its own port (ALLOCATION_PG_PORT, default 55432). The machine's system cluster is never used.
# The service connects as a role of its own (allocation_service: owns the allocation database and its schema, not a
# superuser, password checked with scram-sha-256 over TCP); the admin role postgres keeps trust on loopback for tests
# and maintenance. The service's password is generated once into .data/postgres.allocation_service.password (or taken from
# ALLOCATION_SERVICE_PASSWORD).
#   scripts/postgres.sh ensure      install/init/start as needed, create the role and database; prints the admin's
#                                   connection string last (tests and the load harness create databases with it)
#   scripts/postgres.sh url         the service's connection string (allocation_service, with its password)
#   scripts/postgres.sh admin-url   the admin's connection string
#   scripts/postgres.sh status | stop | reset
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${ALLOCATION_PG_PORT:-55432}"
database="allocation"
service_role="allocation_service"
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

psql_admin() { as_postgres "$(bin_dir)/psql" -h 127.0.0.1 -p "${port}" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

# Beside the data directory, readable by its owner only.
password_file() { printf '%s\n' "${data_dir}.${service_role}.password"; }

service_password() {
  if [[ -n "${ALLOCATION_SERVICE_PASSWORD:-}" ]]; then printf '%s' "${ALLOCATION_SERVICE_PASSWORD}"; return; fi
  local file
  file="$(password_file)"
  if [[ ! -s "${file}" ]]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "${file}")
  fi
  cat "${file}"
}

# The service's role: may log in with its password, owns its database (so its migrations can create and alter the
# schema), nothing more: not a superuser, cannot create databases or roles. Re-running only re-asserts all of this.
create_service_role() {
  local password
  password="$(service_password)"
  [[ "${password}" =~ ^[A-Za-z0-9._-]{12,}$ ]] || fail "the service password must be 12 or more of A-Z a-z 0-9 . _ -"
  psql_admin -d postgres <<SQL
SET password_encryption = 'scram-sha-256';
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${service_role}') THEN
    CREATE ROLE ${service_role} LOGIN;
  END IF;
END \$\$;
ALTER ROLE ${service_role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}';
SQL
}

create_database() {
  local exists
  exists="$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '${database}'")"
  [[ "${exists}" == 1 ]] || as_postgres "$(bin_dir)/createdb" -h 127.0.0.1 -p "${port}" -U postgres -O "${service_role}" "${database}"
  # A database made before the service had a role of its own: hand it and what is in it to the role.
  psql_admin -d "${database}" <<SQL
ALTER DATABASE ${database} OWNER TO ${service_role};
REVOKE CONNECT ON DATABASE ${database} FROM PUBLIC;
DO \$\$ DECLARE statement text; BEGIN
  FOR statement IN
    SELECT format('ALTER TABLE public.%I OWNER TO ${service_role}', c.relname) FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> '${service_role}'
    UNION ALL
    SELECT format('ALTER ROUTINE public.%I(%s) OWNER TO ${service_role}', p.proname, pg_get_function_identity_arguments(p.oid)) FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> '${service_role}'
  LOOP EXECUTE statement; END LOOP;
END \$\$;
SQL
}

# First match wins in pg_hba.conf: the service's password line goes above initdb's trust lines.
require_service_password() {
  local hba="${data_dir}/pg_hba.conf" line="host all ${service_role} 127.0.0.1/32 scram-sha-256"
  as_postgres grep -qxF "${line}" "${hba}" && return 0
  as_postgres sh -c "{ printf '%s\n%s\n' '# Allocation: the service role logs in with its password (scripts/postgres.sh).' '${line}'; cat '${hba}'; } > '${hba}.new' && mv '${hba}.new' '${hba}'"
  psql_admin -d postgres -c "SELECT pg_reload_conf()" >/dev/null
}

url() { printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "${port}" "${service_role}" "$(service_password)" "${database}"; }

admin_url() { printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=%s\n' "${port}" "${database}"; }

case "${1:-ensure}" in
  ensure)
    install_server
    choose_data_dir
    init_cluster
    start_server
    create_service_role
    create_database
    require_service_password
    admin_url
    ;;
  url) choose_data_dir; url ;;
  admin-url) admin_url ;;
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
    rm -rf "${data_dir}" "${log_file}" "$(password_file)"
    ;;
  *) fail "usage: scripts/postgres.sh [ensure|url|admin-url|status|stop|reset]" ;;
esac
