#!/usr/bin/env bash
# Load benchmark of the board page: starts the packaged server on loopback with a throw-away home (its own
# embedded PostgreSQL, the committed leaderboard/ imported at start), warms it up, then measures
# requests/s and latency percentiles with wrk (Debian package 'wrk'). Server and load generator share the
# machine's cores, so the numbers are what this machine can do end to end.
#
#   src/server/bench/board-load.sh [--path /] [--connections 32] [--seconds 20] [--threads 2] [--leaderboard DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
path=/
connections=32
seconds=20
threads=2
leaderboard="$ROOT/leaderboard"
while [ $# -gt 0 ]; do
  case "$1" in
    --path) path="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --leaderboard) leaderboard="$2"; shift 2 ;;
    *) echo "board-load: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "board-load: needs wrk (apt-get install wrk)" >&2; exit 2; }

home="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# the board alone: no baselines to evaluate, no worker computing beside the server
LACUNA_HOME="$home" LACUNA_BUILTINS=none LACUNA_LOCAL_WORKER=false "$ROOT/lacuna" serve --port "$port" --host 127.0.0.1 --leaderboard "$leaderboard" >"$home/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port$path" -o /dev/null || { echo "board-load: server did not come up; log:" >&2; tail -30 "$home/server.log" >&2; exit 1; }
rows="$(curl -fsS "http://127.0.0.1:$port$path" | grep -c 'data-name=' || true)"
echo "board-load: $path serves $rows board rows; $(nproc) cores shared by server and wrk"

# warm-up: JIT and connection pools
wrk -t"$threads" -c"$connections" -d10s "http://127.0.0.1:$port$path" >/dev/null
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | tee "$home/wrk.txt"
rps="$(awk '/Requests\/sec/ {print $2}' "$home/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$home/wrk.txt")"
echo "board-load: $rps requests/s, p99 $p99 (target: >= 1000 requests/s, p99 < 50 ms)"
