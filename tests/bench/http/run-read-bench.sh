#!/usr/bin/env bash
# The read path under load, in one run (Release build):
#   tests/bench/http/run-read-bench.sh [build-dir] [seconds] [database-url]
# Seeds an organization of 10,000 members (an SQLite file, or the PostgreSQL
# database given as third argument, which must be empty), starts vami-server with
# rate limits off, and runs wrk against
#   GET /health and the members page (page 1 and page 150 of 50) at 32 connections,
#   the members page on one connection (latency) and at 64 connections (p99),
# printing requests/s, p50/p99, the ratio of each page to /health in the same run,
# the CPU time each server thread used during each load, and the server's RSS.
set -euo pipefail

build=${1:-build/release}
seconds=${2:-10}
database=${3:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
server_bin="$build/bin/vami-server"
seed_bin="$build/bin/vami-bench-seed"
for b in "$server_bin" "$seed_bin"; do
    [ -x "$b" ] || { echo "missing $b: build the release preset first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill $server_pid 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export VAMI_EMAIL=owner@bench.example VAMI_PASSWORD='Bench-Passw0rd!'
db=${database:-sqlite://$work/bench.db}
"$seed_bin" "$db" "$VAMI_EMAIL" "$VAMI_PASSWORD" 10000 >/dev/null 2>&1

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VAMI_RATE_LIMIT_ENABLED=false VAMI_JOBS_ENABLED=false \
    "$server_bin" --listen "127.0.0.1:$port" --database "$db" --data-dir "$work" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done
export VAMI_TOKEN=$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"email\":\"$VAMI_EMAIL\",\"password\":\"$VAMI_PASSWORD\"}" \
    "http://127.0.0.1:$port/api/auth/login" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
base="http://127.0.0.1:$port"
for page in 1 150; do
    curl -fs -H "Authorization: Bearer $VAMI_TOKEN" "$base/api/team/members?page=$page&per_page=50" \
        | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); assert d['total']==10001 and len(d['members'])==50, d" \
        || { echo "members page $page is wrong" >&2; exit 1; }
done
size=$(curl -fs -H "Authorization: Bearer $VAMI_TOKEN" "$base/api/team/members?page=1&per_page=50" | wc -c)
echo "server: $(basename "$server_bin") on ${database:+PostgreSQL}${database:-SQLite}; members page: $size bytes"

# CPU ticks (utime + stime) of every server thread, as "name ticks" lines.
thread_ticks() {
    for t in /proc/$server_pid/task/*; do
        [ -r "$t/stat" ] || continue
        awk '{ sub(/^[0-9]+ \(/, ""); name=$0; sub(/\).*/, "", name); sub(/^.*\) /, "");
               split($0, f, " "); print name, f[12] + f[13] }' "$t/stat"
    done | awk '{ name=$1; for (i = 2; i < NF; i++) name = name "_" $i; ticks[name] += $NF } END { for (n in ticks) print n, ticks[n] }' | sort
}
hz=$(getconf CLK_TCK)
cpu_report() { # before-file after-file
    join "$1" "$2" | awk -v hz="$hz" -v s="$seconds" '{ used = ($3 - $2) / hz; if (used > 0.05) printf "%s %.0f%% ", $1, 100 * used / s }'
}

declare -A rps
row() { # label, key, wrk arguments...
    local label=$1 key=$2
    shift 2
    thread_ticks >"$work/before"
    local out
    out=$(wrk "$@" 2>&1)
    thread_ticks >"$work/after"
    local r p50 p99 errors
    r=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
    rps[$key]=$r
    printf '%-46s %10s req/s  p50 %8s  p99 %8s  %s\n' "$label" "$r" "$p50" "$p99" "$errors"
    printf '%-46s cpu: %s\n' "" "$(cpu_report "$work/before" "$work/after")"
}
members="$here/members.lua"
echo
printf '%-46s %s\n' "load (wrk, ${seconds}s each)" "throughput and latency"
row "GET /health, 32 connections" health -t1 -c32 -d"${seconds}s" --latency "$base/health"
row "members page 1, 32 connections" page1 -t1 -c32 -d"${seconds}s" --latency -s "$members" "$base"
VAMI_PAGE=150 row "members page 150, 32 connections" page150 -t1 -c32 -d"${seconds}s" --latency -s "$members" "$base"
row "members page 1, 1 connection" single -t1 -c1 -d"${seconds}s" --latency -s "$members" "$base"
row "members page 1, 64 connections" page64 -t1 -c64 -d"${seconds}s" --latency -s "$members" "$base"
echo
ratio() { /usr/bin/python3 -c "print(f'{$1 / $2:.2f}')"; }
echo "/health / members page 1 (32 connections): $(ratio "${rps[health]}" "${rps[page1]}")"
echo "/health / members page 150 (32 connections): $(ratio "${rps[health]}" "${rps[page150]}")"
rss=$(awk '/VmRSS/ {print $2}' /proc/$server_pid/status)
hwm=$(awk '/VmHWM/ {print $2}' /proc/$server_pid/status)
echo "server RSS after the run: $((rss / 1024)) MiB (peak $((hwm / 1024)) MiB)"
