#!/usr/bin/env bash
# Platform benchmark: the same 2-sweep objective evaluation (GA, one mask seed, short schedule) once with one
# worker and once with two, on a loopback server with a throw-away home; then 200 concurrent status requests
# against the API while two workers run. Prints the wall times of each evaluation and of its sweep phase (first
# sweep claimed to last sweep done, from the jobs' own timestamps), their ratio, and wrk's latency percentiles.
# Needs an otherwise idle machine: workers, server and load generator share its cores.
#
#   src/server/bench/platform-scaling.sh [--connections 200] [--seconds 20] [--alphas 21] [--schedule 1,40]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
connections=200
seconds=20
alphas=21
schedule=1,40
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) connections="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --alphas) alphas="$2"; shift 2 ;;
    --schedule) schedule="$2"; shift 2 ;;
    *) echo "platform-scaling: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "platform-scaling: needs wrk (apt-get install wrk)" >&2; exit 2; }
command -v zip >/dev/null || { echo "platform-scaling: needs zip (apt-get install zip)" >&2; exit 2; }

home="$(mktemp -d)"
export LACUNA_HOME="$home"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT

admin="$("$ROOT/lacuna" admin token create --name bench-admin --email bench@localhost --role admin 2>/dev/null)"
worker="$("$ROOT/lacuna" admin token create --name bench-worker --email bench-worker@localhost --role worker 2>/dev/null)"
JAVA_OPTS="-Dlacuna.platform.default-seeds=7 -Dlacuna.platform.alphas=$alphas -Dlacuna.platform.permutations=1000 \
  -Dlacuna.platform.schedule=$schedule -Dlacuna.platform.calibration-grid=0,0 -Dlacuna.platform.unconstrained=false" \
  LACUNA_BUILTINS=none LACUNA_LOCAL_WORKER=false "$ROOT/lacuna" serve --port "$port" --host 127.0.0.1 >"$home/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do curl -fsS "$url/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "$url/q/health/ready" >/dev/null || { echo "platform-scaling: no server; log:" >&2; tail -30 "$home/server.log" >&2; exit 1; }

# copies of the GA JAR with a nonce entry: new bytes, so no stored outcome is reused, and the same work
copy() {
  local out="$home/ga-$1.jar"
  cp "$ROOT"/submissions/ga-objective/target/ga-objective-*[0-9T].jar "$out"
  (cd "$home" && echo "$1" > nonce.txt && zip -q "$out" nonce.txt)
  echo "$out"
}
start_workers() {
  local n="$1" i
  for i in $(seq 1 "$n"); do
    LACUNA_TOKEN="$worker" "$ROOT/lacuna" worker --server "$url" --name "bench-$i" --home "$home/worker" --idle-seconds 20 \
      >>"$home/worker-$i.log" 2>&1 &
    pids+=($!)
    workers+=($!)
  done
}
stop_workers() { for p in "${workers[@]}"; do kill "$p" 2>/dev/null || true; done; wait "${workers[@]}" 2>/dev/null || true; workers=(); }
evaluate() {
  local jar="$1" id evaluation
  id="$(LACUNA_TOKEN="$admin" "$ROOT/lacuna" submit "$jar" --server "$url" --no-wait | sed -E 's#.*/##')"
  evaluation="$(curl -fsS "$url/api/evaluations?submission=$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
  # curl and grep only: the poll shares the two cores with the workers, a python start each second would not;
  # the evaluation's own state comes before its jobs' in the answer
  until [ "$(curl -fsS "$url/api/evaluations/$evaluation" | grep -o '"state":"[a-z]*"' | head -n 1)" = '"state":"done"' ]; do
    sleep 1
  done
  curl -fsS "$url/api/evaluations/$evaluation" | python3 -c '
import json, sys
from datetime import datetime
e = json.load(sys.stdin)
t = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
sweeps = [j for j in e["jobs"] if j["step"].startswith("sweep/")]
print("%.1f %.1f" % ((t(e["finished_at"]) - t(e["created_at"])).total_seconds(),
                     (max(t(j["finished_at"]) for j in sweeps) - min(t(j["started_at"]) for j in sweeps)).total_seconds()))'
}

workers=()
# a warm-up evaluation fetches the testbed into the workers' home and the JAR caches
start_workers 1
evaluate "$(copy warm)" >/dev/null
read -r one_total one_sweeps <<<"$(evaluate "$(copy one)")"
stop_workers
start_workers 2
read -r two_total two_sweeps <<<"$(evaluate "$(copy two)")"
echo "platform-scaling: 1 worker: evaluation ${one_total} s, sweeps ${one_sweeps} s"
echo "platform-scaling: 2 workers: evaluation ${two_total} s, sweeps ${two_sweeps} s"
python3 -c "print('platform-scaling: 2 workers / 1 worker: evaluation %.2f, sweep phase %.2f (target < 0.65)' % ($two_total / $one_total, $two_sweeps / $one_sweeps))"

# 200 concurrent status requests while the two workers run an evaluation
jar="$(copy load)"
id="$(LACUNA_TOKEN="$admin" "$ROOT/lacuna" submit "$jar" --server "$url" --no-wait | sed -E 's#.*/##')"
evaluation="$(curl -fsS "$url/api/evaluations?submission=$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"
sleep 5
wrk -t2 -c"$connections" -d"${seconds}s" --latency "$url/api/evaluations/$evaluation" | tee "$home/wrk.txt"
echo "platform-scaling: $(awk '/Requests\/sec/ {print $2}' "$home/wrk.txt") status requests/s at $connections connections, p99 \
$(awk '$1 == "99%" {print $2}' "$home/wrk.txt"), non-2xx: $(awk '/Non-2xx/ {print $NF}' "$home/wrk.txt")"
