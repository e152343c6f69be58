#!/usr/bin/env bash
# The one benchmark command (docs/benchmarks.md): builds the benchmark servers, installs the Node
# side, runs server-core, raw netty-socketio (MANUAL and inline ack) and a hand-written Node
# socket.io server in turn, A B C D A B C D, at 1, 16 and 128 connections, pinned and unpinned,
# then plots the results. Loopback only; every run is bounded. About 8 minutes; --quick about 2.
# Options after the first are passed to node/bench.mjs (--out DIR, --connections 1,16,
# --reps N, --servers a,b, --placements pinned, --inflight K).
set -euo pipefail
cd "$(dirname "$0")"
out="$(pwd)/target/results"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[i]}" = "--out" ] && [ $((i + 1)) -lt ${#args[@]} ]; then out="${args[i + 1]}"; fi
done

echo "load before the run: $(uptime)"
(cd .. && ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true)
(cd node && npm ci --no-audit --no-fund --silent)
node node/bench.mjs --out "$out" "$@"
java -cp "target/classes:target/lib/*" io.integrationsrealtime.benchmarks.BenchPlot "$out/results.csv" "$out/throughput-and-cpu.png"
echo "plot: $out/throughput-and-cpu.png"
