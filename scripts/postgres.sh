#!/usr/bin/env bash
# The repository's own PostgreSQL: installed from Debian's packages when missing, data in .data/postgres (git-ignored),
# loopback only, its own port (ALLOCATION_PG_PORT, default 55432). The machine's system cluster is never used.
# Who may connect (pg_hba.conf and pg_ident.conf are rewritten by every `ensure`, so an older cluster is brought in line):
#   - the admin role postgres: over the Unix socket (.data/postgres-socket) only, by peer authentication, for the OS
#     accounts postgres and the one that ran `ensure` (it is root or has sudo already); never over TCP;
#   - every other role (the service's allocation_service, the tests' scratch roles): with a password (scram-sha-256),
#     over TCP on 127.0.0.1 or the socket. A role without a password cannot log in.
# The service's role owns the allocation database and its schema and is not a superuser. Its password is random, made
# when the role is first created, and kept in .data/postgres.allocation_service.password (mode 0600, the repository's
# own git-ignored folder, never /tmp), or taken from ALLOCATION_SERVICE_PASSWORD.
#   scripts/postgres.sh ensure      install/init/start as needed, create the role and database; prints the admin's
#                                   connection string last (tests and the load harness create databases with it)
#   scripts/postgres.sh url         the service's connection string (allocation_service, with its password, over TCP)
#   scripts/postgres.sh admin-url   the admin's connection string (the Unix socket, peer authentication)
#   scripts/postgres.sh status | stop | reset
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${ALLOCATION_PG_PORT:-55432}"
database="allocation"
service_role="allocation_service"
data_dir="${repo}/.data/postgres"
socket_dir="${repo}/.data/postgres-socket"
log_file="${repo}/.data/postgres.log"
# The service's password lives in the repository's own folder whatever the data directory is (see choose_data_dir).
password_file="${repo}/.data/postgres.${service_role}.password"
# The peer map naming the OS accounts that may act as the admin role postgres over the socket.
admin_map="allocation_admin"

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
    socket_dir="${data_dir}-socket"
    log_file="${data_dir}.log"
    say "the postgres user cannot reach ${repo}/.data; using ${data_dir}"
  fi
}

init_cluster() {
  [[ -f "${data_dir}/PG_VERSION" ]] && return 0
  mkdir -p "${data_dir}"
  chown postgres:postgres "${data_dir}"
  chmod 700 "${data_dir}"
  as_postgres "$(bin_dir)/initdb" -D "${data_dir}" -U postgres --auth-local=peer --auth-host=reject -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "${data_dir}/postgresql.conf" <<CONF
# Allocation's own cluster: loopback only, durable (fsync and synchronous commit stay on).
listen_addresses = '127.0.0.1'
port = ${port}
password_encryption = 'scram-sha-256'
max_connections = 300
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
}

# The socket gets a directory of its own that every local account can reach (the data directory is the postgres
# account's alone): the socket is open to all, the admin role on it only to the accounts of the peer map. An older
# cluster kept its socket in the data directory; the later line wins, and a running server is restarted to move it.
configure_socket() {
  if [[ -L "${socket_dir}" ]] || { [[ -e "${socket_dir}" ]] && [[ "$(stat -c %U "${socket_dir}")" != postgres ]]; }; then
    rm -rf "${socket_dir}"
  fi
  mkdir -p "${socket_dir}"
  chown postgres:postgres "${socket_dir}"
  chmod 755 "${socket_dir}"
  local line="unix_socket_directories = '${socket_dir}'"
  as_postgres grep -qxF "${line}" "${data_dir}/postgresql.conf" && return 0
  as_postgres sh -c "printf '%s\n' \"${line}\" >> '${data_dir}/postgresql.conf'"
  if is_running; then
    as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" -m fast -w restart -l "${log_file}" >/dev/null \
      || fail "PostgreSQL did not restart with its socket in ${socket_dir}; see ${log_file}"
  fi
}

# Autovacuum visits each database every 10 s instead of every minute. Each order step rewrites a grain_records row
# (never a HOT update: status and updated_at are indexed), about 3,600 dead row versions a second at the soak's 400
# orders/s; a minute between vacuums let them outnumber the live rows and the table grow to hold them (issue 21,
# docs/benchmarks.md §10). The churned tables' own thresholds are in migration 014. Reloaded, not restarted.
configure_autovacuum() {
  local line="autovacuum_naptime = 10s"
  as_postgres grep -qxF "${line}" "${data_dir}/postgresql.conf" && return 0
  as_postgres sh -c "printf '%s\n' \"${line}\" >> '${data_dir}/postgresql.conf'"
  if is_running; then
    as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" reload >/dev/null \
      || fail "PostgreSQL did not reload ${data_dir}/postgresql.conf; see ${log_file}"
  fi
}

# The OS accounts that may be the admin: postgres, the account running this script and, under sudo, the one behind it.
admin_accounts() {
  { printf '%s\n' postgres "$(id -un)"; [[ -n "${SUDO_USER:-}" ]] && printf '%s\n' "${SUDO_USER}"; } | sort -u
}

# Written whole on every ensure (first match wins): what initdb wrote, and an older trust line, are gone.
write_authentication() {
  local hba ident account
  hba="# Written by scripts/postgres.sh ensure: edits here are replaced.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 peer map=${admin_map}
local   all       all                      scram-sha-256
host    all       postgres  127.0.0.1/32   reject
host    all       postgres  ::1/128        reject
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256"
  ident="# Written by scripts/postgres.sh ensure: the OS accounts that may act as the admin role postgres.
# MAPNAME  SYSTEM-USERNAME  PG-USERNAME"
  while read -r account; do ident+=$'\n'"${admin_map}  ${account}  postgres"; done < <(admin_accounts)
  printf '%s\n' "${hba}" | as_postgres sh -c "cat > '${data_dir}/pg_hba.conf.new' && mv '${data_dir}/pg_hba.conf.new' '${data_dir}/pg_hba.conf'"
  printf '%s\n' "${ident}" | as_postgres sh -c "cat > '${data_dir}/pg_ident.conf.new' && mv '${data_dir}/pg_ident.conf.new' '${data_dir}/pg_ident.conf'"
  if is_running; then as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" reload >/dev/null; fi
}

is_running() { as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" status >/dev/null 2>&1; }

start_server() {
  is_running && return 0
  touch "${log_file}" && chown postgres:postgres "${log_file}"
  as_postgres "$(bin_dir)/pg_ctl" -D "${data_dir}" -l "${log_file}" -w -t 60 start >/dev/null \
    || fail "PostgreSQL did not start; see ${log_file}"
}

psql_admin() { as_postgres "$(bin_dir)/psql" -h "${socket_dir}" -p "${port}" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

# Readable by its owner only; a file someone else made, or a link, is never trusted: a new password replaces it.
service_password() {
  if [[ -n "${ALLOCATION_SERVICE_PASSWORD:-}" ]]; then printf '%s' "${ALLOCATION_SERVICE_PASSWORD}"; return; fi
  local file="${password_file}"
  if [[ -L "${file}" ]] || { [[ -e "${file}" ]] && [[ "$(stat -c %u "${file}")" != "$(id -u)" ]]; }; then
    say "replacing ${file}: not a plain file of $(id -un)"
    rm -f "${file}"
  fi
  if [[ ! -s "${file}" ]]; then
    mkdir -p "$(dirname "${file}")"
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "${file}.new" && mv "${file}.new" "${file}")
  fi
  chmod 600 "${file}"
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
  [[ "${exists}" == 1 ]] || as_postgres "$(bin_dir)/createdb" -h "${socket_dir}" -p "${port}" -U postgres -O "${service_role}" "${database}"
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

url() { printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "${port}" "${service_role}" "$(service_password)" "${database}"; }

admin_url() { printf 'Host=%s;Port=%s;Username=postgres;Database=%s\n' "${socket_dir}" "${port}" "${database}"; }

case "${1:-ensure}" in
  ensure)
    install_server
    choose_data_dir
    init_cluster
    write_authentication
    configure_socket
    configure_autovacuum
    start_server
    create_service_role
    create_database
    admin_url
    ;;
  url) choose_data_dir; url ;;
  admin-url) choose_data_dir; admin_url ;;
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
    rm -rf "${data_dir}" "${socket_dir}" "${log_file}" "${password_file}"
    ;;
  *) fail "usage: scripts/postgres.sh [ensure|url|admin-url|status|stop|reset]" ;;
esac
