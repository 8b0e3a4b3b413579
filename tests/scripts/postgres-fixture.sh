#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for the test suite.
#   postgres-fixture.sh start STATE_DIR   # initdb + start on 127.0.0.1, writes STATE_DIR/url
#   postgres-fixture.sh stop STATE_DIR
# Runs the server as the "postgres" user when started as root (CI), else as the
# current user. The server listens on 127.0.0.1 only, on a free port.
set -euo pipefail

action=${1:?start or stop}
state=${2:?state directory}

pgbin=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && pgbin=$candidate
done
if [ -z "$pgbin" ]; then
    echo "postgres-fixture: PostgreSQL server binaries not found (install the postgresql package)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_server() {
    if [ -f "$state/data/postmaster.pid" ]; then
        as_owner "$pgbin/pg_ctl" -D "$state/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
}

case "$action" in
start)
    stop_server
    rm -rf "$state"
    mkdir -p "$state"
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$state"
    fi
    chmod 700 "$state"
    echo postgres > "$state/pw"
    [ "$(id -u)" = 0 ] && chown postgres "$state/pw"
    as_owner "$pgbin/initdb" -D "$state/data" -U postgres -A scram-sha-256 --pwfile="$state/pw" \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$state/initdb.log" 2>&1
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$pgbin/pg_ctl" -D "$state/data" -l "$state/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $state -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE vami LOGIN CREATEDB PASSWORD 'vami-test'" \
        -c "CREATE DATABASE vami_test OWNER vami" >/dev/null
    echo "postgresql://vami:vami-test@127.0.0.1:$port/vami_test" > "$state/url.tmp"
    mv "$state/url.tmp" "$state/url"
    echo "postgres-fixture: PostgreSQL on 127.0.0.1:$port"
    ;;
stop)
    stop_server
    rm -rf "$state"
    ;;
*)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
