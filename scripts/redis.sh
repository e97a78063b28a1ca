#!/usr/bin/env bash
# Makes redis-server available for the reservation benchmark's Redis baseline.
# The benchmark starts its own redis-server (own port, own temp dir, appendfsync always) and stops it afterwards;
# this script only installs the Debian package when it is missing. It never enables, starts or uses the system service.
set -euo pipefail

usage() {
    echo "usage: $0 <ensure|path>" >&2
    echo "  ensure  install redis-server from Debian packages if missing, then print its path" >&2
    echo "  path    print the path of redis-server, fail if it is not installed" >&2
    exit 2
}

find_server() {
    command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true
}

install_package() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "redis-server is missing and installing it needs root: apt-get install -y redis-server" >&2
        exit 1
    fi
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server >&2
}

command_name="${1:-}"
case "$command_name" in
    ensure)
        server="$(find_server)"
        if [ -z "$server" ]; then
            install_package
            server="$(find_server)"
        fi
        [ -n "$server" ] || { echo "redis-server still missing after install" >&2; exit 1; }
        echo "$server"
        ;;
    path)
        server="$(find_server)"
        [ -n "$server" ] || { echo "redis-server is not installed; run $0 ensure" >&2; exit 1; }
        echo "$server"
        ;;
    *)
        usage
        ;;
esac
