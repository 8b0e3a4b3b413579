#!/usr/bin/env bash
# HTTP load benchmark of vami-server (Release build):
#   tests/bench/http/run-http-bench.sh [build-dir] [seconds]
# Seeds an SQLite database with an organization of 10,000 members, starts the
# server with rate limiting off, and runs wrk (1 thread, 64 connections) against
#   GET /health, GET /api/team/members?page=1&per_page=50 (bearer token),
#   POST /api/auth/login, and GET /health while a login storm runs.
# Prints requests/s, p50/p99 latency, the server's idle RSS and peak RSS (VmHWM).
set -euo pipefail

build=${1:-build/release}
seconds=${2:-10}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
server_bin="$build/bin/vami-server"
seed_bin="$build/bin/vami-bench-seed"
for b in "$server_bin" "$seed_bin"; do
    [ -x "$b" ] || { echo "missing $b: build the release preset first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export VAMI_EMAIL=owner@bench.example VAMI_PASSWORD='Bench-Passw0rd!'
db="sqlite://$work/bench.db"
"$seed_bin" "$db" "$VAMI_EMAIL" "$VAMI_PASSWORD" 10000

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VAMI_RATE_LIMIT_ENABLED=false VAMI_JOBS_ENABLED=false \
    "$server_bin" --listen "127.0.0.1:$port" --database "$db" --data-dir "$work" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done
sleep 1
idle_rss=$(awk '/VmRSS/ {print $2}' /proc/$server_pid/status)

export VAMI_TOKEN=$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"email\":\"$VAMI_EMAIL\",\"password\":\"$VAMI_PASSWORD\"}" \
    "http://127.0.0.1:$port/api/auth/login" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
count=$(curl -fs -H "Authorization: Bearer $VAMI_TOKEN" "http://127.0.0.1:$port/api/team/members?page=1&per_page=50" \
    | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["members"]))')
echo "members page: total and page size = $count"

report() { # name, wrk output
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$2")
    p50=$(awk '$1=="50%" {print $2}' <<<"$2")
    p99=$(awk '$1=="99%" {print $2}' <<<"$2")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$2" | tr '\n' ' ')
    printf '%-44s %12s req/s   p50 %9s   p99 %9s   %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
}
run() { wrk -t1 -c64 -d"${seconds}s" --latency "$@" 2>&1; }

echo
printf '%-44s %18s %15s %15s\n' "load (wrk -t1 -c64, ${seconds}s)" "throughput" "" ""
report "GET /health" "$(run "http://127.0.0.1:$port/health")"
report "GET /api/team/members?page=1&per_page=50" "$(run -s "$here/members.lua" "http://127.0.0.1:$port")"
report "POST /api/auth/login" "$(wrk -t1 -c16 -d"${seconds}s" --latency -s "$here/login.lua" "http://127.0.0.1:$port" 2>&1)"
wrk -t1 -c32 -d"$((seconds + 2))s" -s "$here/login.lua" "http://127.0.0.1:$port" >"$work/storm.txt" 2>&1 &
storm=$!
sleep 1
report "GET /health during a login storm" "$(wrk -t1 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$port/health" 2>&1)"
wait $storm || true
report "  (the login storm itself, 32 connections)" "$(cat "$work/storm.txt")"
peak_rss=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
echo
echo "server idle RSS: $((idle_rss / 1024)) MiB; peak RSS (VmHWM): $((peak_rss / 1024)) MiB"
