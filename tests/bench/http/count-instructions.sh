#!/usr/bin/env bash
# Instructions per request on the hot read paths, counted by callgrind (the same
# figure on a busy or an idle machine, so changes compare without wall-clock noise):
#   tests/bench/http/count-instructions.sh [build-dir] [requests]
# Seeds an SQLite organization of 10,000 members, runs vami-server (one worker)
# under valgrind --tool=callgrind, sends `requests` keep-alive requests per path
# from one connection, and prints instructions per request: everything the worker
# thread ran (event loop, QHttpServer, guard, dispatcher, handler) and the part
# inside the dispatcher alone.
set -euo pipefail

build=${1:-build/release}
requests=${2:-2000}
server_bin="$build/bin/vami-server"
seed_bin="$build/bin/vami-bench-seed"
for b in "$server_bin" "$seed_bin"; do
    [ -x "$b" ] || { echo "missing $b: build the release preset first" >&2; exit 1; }
done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VAMI_EMAIL=owner@bench.example VAMI_PASSWORD='Bench-Passw0rd!'
db="sqlite://$work/bench.db"
"$seed_bin" "$db" "$VAMI_EMAIL" "$VAMI_PASSWORD" 10000 >/dev/null 2>&1

cat >"$work/client.py" <<'EOF'
import http.client, json, os, sys, time
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for _ in range(600):
    try:
        c = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
        c.request('GET', '/health'); c.getresponse().read()
        break
    except OSError:
        time.sleep(0.1)
c.request('POST', '/api/auth/login', headers={'Content-Type': 'application/json'},
          body=json.dumps({'email': os.environ['VAMI_EMAIL'], 'password': os.environ['VAMI_PASSWORD']}))
token = json.loads(c.getresponse().read())['access_token']
headers = {'Authorization': 'Bearer ' + token}
for _ in range(n):
    c.request('GET', path, headers=headers)
    r = c.getresponse(); r.read()
    assert r.status == 200, r.status
EOF

count() { # path, requests -> "worker dispatcher" instructions of the whole run
    local path=$1 n=$2 port out
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    out="$work/callgrind.out"
    rm -f "$out"
    VAMI_RATE_LIMIT_ENABLED=false VAMI_JOBS_ENABLED=false VAMI_SERVER_WORKERS=1 \
        valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect='QThread::exec*' "$server_bin" --listen "127.0.0.1:$port" --database "$db" \
        --data-dir "$work" >"$work/server.log" 2>&1 &
    local pid=$!
    /usr/bin/python3 "$work/client.py" "$port" "$n" "$path"
    kill $pid
    wait $pid 2>/dev/null || true
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null >"$work/annotate.txt"
    local total dispatch
    total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}' "$work/annotate.txt")
    dispatch=$(awk '/vami::http::Dispatcher::dispatch\(/ {gsub(",", "", $1); print $1; exit}' "$work/annotate.txt")
    echo "$total ${dispatch:-0}"
}

printf '%-44s %14s %14s\n' "instructions per request (callgrind)" "worker thread" "dispatcher"
# A run without the measured requests (start-up, the sign-in with its password hash)
# is subtracted from a run with them.
for path in /health "/api/team/members?page=1&per_page=50" "/api/team/members?page=150&per_page=50"; do
    read -r base base_dispatch <<<"$(count "$path" 0)"
    read -r total dispatch <<<"$(count "$path" "$requests")"
    printf '%-44s %14d %14d\n' "GET $path" $(((total - base) / requests)) $(((dispatch - base_dispatch) / requests))
done
