#!/usr/bin/env bash
# The one benchmark command (docs/benchmarks.md, docs/benchmarks-scenarios.md).
#
#   benchmarks/run.sh [SCENARIO] [--quick] [--out DIR] [--base-port P] [scenario options]
#
# SCENARIO (default all):
#   servers  closed-loop execute round trips/s, server CPU per round trip and latency of
#            server-core (default and the direct-executor opt-in), raw netty-socketio (MANUAL and
#            inline ack) and a Node socket.io server, at 1, 16 and 128 connections, pinned and
#            unpinned, after a 40 s warm-up per server; plus the plot          (~18 min; quick ~3)
#   latency  open-loop latency at 25/50/75 % of each server's closed-loop max      (~7 min; quick ~2)
#   fanout   webhook fan-out latency to 1k and 10k subscribers                     (~4 min; quick ~2.5)
#   memory   heap and RSS per idle connection at 10k and 19.5k connections         (~3 min; quick ~1)
#   scaling  server-redis: 2 and 4 nodes, 1,000 rooms, events received per node, CPU per delivered
#            event and cross-node latency, single events channel vs room channels, on its own
#            redis-server and on its own 3-master Redis Cluster (needs redis-server and
#            redis-cli; docs/scaling.md)                                        (~3 min; quick ~1.5)
#   (times on an idle 2-core machine; all = about 35 min)
#   all      servers, latency, fanout and memory, then sdk if benchmarks/sdk.sh exists (not scaling)
#   sdk, jmh delegate to benchmarks/sdk.sh / benchmarks/jmh.sh (client-sdk scenarios) with the
#            remaining arguments, when those scripts exist
#
# Every scenario starts its own servers on 127.0.0.1 only, from --base-port (default 17301; each
# scenario uses its own block of 10 ports above it), alternates them A B C within the run, bounds
# every step, and stops them at its end, on error or on Ctrl-C (a server also exits when its
# orchestrator's pipe to it closes). Scenario options other than --quick/--out/--base-port are
# passed to that scenario's script (node/bench.mjs, latency.mjs, fanout.mjs, memory.mjs) and are
# only accepted with a single scenario.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"

scenario=all
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then scenario="$1"; shift; fi
case "$scenario" in
  sdk | jmh)
    script="$here/$scenario.sh"
    if [ ! -x "$script" ]; then echo "run.sh: $script does not exist (yet)" >&2; exit 2; fi
    exec "$script" "$@" ;;
  all | servers | latency | fanout | memory) ;;
  scaling)
    (cd .. && ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true)
    exec java -cp "target/classes:target/lib/*" io.integrationsrealtime.benchmarks.ScalingBench "$@" ;;
  *) echo "run.sh: unknown scenario '$scenario' (all|servers|latency|fanout|memory|scaling|sdk|jmh)" >&2; exit 2 ;;
esac

out="$here/target/results"
base_port=17301
common=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) common+=(--quick); shift ;;
    --out) out="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
if [ "$scenario" = all ] && [ ${#extra[@]} -gt 0 ]; then
  echo "run.sh: options ${extra[*]} need a single scenario (servers|latency|fanout|memory)" >&2
  exit 2
fi

# Forward Ctrl-C / kill to the running orchestrator, which stops its servers and clients.
child=
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi; exit 130' INT TERM
run() {
  "$@" &
  child=$!
  wait "$child"
  child=
}

# The arguments of one scenario's script; $1 = its port offset (its own block of 10 ports).
scenario_args() {
  sargs=(--out "$out" --base-port $((base_port + $1)) "${common[@]+"${common[@]}"}" "${extra[@]+"${extra[@]}"}")
}

began=$(date +%s)
echo "load before the run: $(uptime)"
(cd .. && ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true)
(cd node && npm ci --no-audit --no-fund --silent)
mkdir -p "$out"

if [ "$scenario" = all ] || [ "$scenario" = servers ]; then
  scenario_args 0
  run node node/bench.mjs "${sargs[@]}"
  java -cp "target/classes:target/lib/*" io.integrationsrealtime.benchmarks.BenchPlot "$out/results.csv" "$out/throughput-and-cpu.png"
  echo "plot: $out/throughput-and-cpu.png"
fi
offset=10
for name in latency fanout memory; do
  if [ "$scenario" = all ] || [ "$scenario" = "$name" ]; then
    scenario_args "$offset"
    run node "node/$name.mjs" "${sargs[@]}"
  fi
  offset=$((offset + 10))
done
if [ "$scenario" = all ] && [ -x "$here/sdk.sh" ]; then
  run "$here/sdk.sh" "${common[@]+"${common[@]}"}"
fi
echo "run.sh $scenario took $(( $(date +%s) - began )) s; results in $out"
