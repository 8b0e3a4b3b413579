#!/usr/bin/env bash
# Soak test of vami-server (Release build):
#   tests/soak/run-soak.sh [minutes] [build-dir]
# Seeds an SQLite database (an organization of 1,000 members), starts the server
# with rate limiting off and runs wrk (1 thread, 8 connections, 20 ms pause before
# each request) with a steady mix of member pages, GET /api/auth/me, API-key
# creation and revocation, and sign-ins (soak.lua), one minute at a time for
# [minutes] (default 10). After each minute it samples the server's RSS and open
# descriptors (/proc/<pid>/fd) and prints that minute's requests/s, p99 and
# non-2xx answers. At the end: RSS growth after warm-up (minute 2 to the end,
# target < 5 MiB) and descriptor growth (minute 1 to the end, target 0).
set -euo pipefail

minutes=${1:-10}
build=${2:-build/release}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
server_bin="$build/bin/vami-server"
seed_bin="$build/bin/vami-bench-seed"
for b in "$server_bin" "$seed_bin"; do
    [ -x "$b" ] || { echo "missing $b: cmake --preset release && cmake --build --preset release --target vami-server vami-bench-seed" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 2 ] && [ "$minutes" -le 240 ] || { echo "minutes: 2-240" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
export VAMI_EMAIL=owner@soak.example VAMI_PASSWORD='Soak-Passw0rd!'
db="sqlite://$work/soak.db"
"$seed_bin" "$db" "$VAMI_EMAIL" "$VAMI_PASSWORD" 1000 >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VAMI_RATE_LIMIT_ENABLED=false \
    "$server_bin" --listen "127.0.0.1:$port" --database "$db" --data-dir "$work" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done

login() {
    curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$VAMI_EMAIL\",\"password\":\"$VAMI_PASSWORD\"}" \
        "http://127.0.0.1:$port/api/auth/login" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
fds() { ls "/proc/$server_pid/fd" | wc -l; }

echo "vami-server soak: $minutes minute(s), wrk -t1 -c8, 20 ms pause per request, SQLite"
printf '%6s %10s %10s %10s %9s %10s %5s\n' minute requests "req/s" p99 non-2xx "RSS MiB" fds
declare -a rss fd
for m in $(seq 1 "$minutes"); do
    # A fresh access token each minute (they last 15 minutes).
    export VAMI_TOKEN=$(login)
    out=$(VAMI_DELAY_MS=20 wrk -t1 -c8 -d60s --latency -s "$here/soak.lua" "http://127.0.0.1:$port" 2>&1)
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); bad=${bad:-0}
    errors=$(awk '/Socket errors/ {print}' <<<"$out")
    rss[$m]=$(rss_kib)
    fd[$m]=$(fds)
    printf '%6s %10s %10s %10s %9s %10.1f %5s %s\n' "$m" "$requests" "$rps" "$p99" "$bad" \
        "$(awk -v k="${rss[$m]}" 'BEGIN {print k / 1024}')" "${fd[$m]}" "$errors"
done
growth_kib=$(( ${rss[$minutes]} - ${rss[2]} ))
echo
printf 'RSS growth after warm-up (minute 2 -> %s): %.2f MiB (target < 5 MiB)\n' "$minutes" \
    "$(awk -v k="$growth_kib" 'BEGIN {print k / 1024}')"
echo "descriptor growth (minute 1 -> $minutes): $(( ${fd[$minutes]} - ${fd[1]} )) (target 0)"
echo "peak RSS (VmHWM): $(( $(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status") / 1024 )) MiB"
