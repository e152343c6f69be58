#!/usr/bin/env bash
# JMH benchmarks of client-sdk's per-request work (PacketCodecBenchmark, JsonBridgeBenchmark, PendingRequestsBenchmark),
# with the GC profiler (allocation per operation). About 4 minutes.
#   benchmarks/jmh.sh [--no-build] [extra JMH options, e.g. a benchmark regex or -f 1]
# Results: benchmarks/target/jmh/results.json and results.txt (also printed).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --no-build ]]; then shift; else
  ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true
fi
OUT=benchmarks/target/jmh; mkdir -p "$OUT"
# 2 forks x (3 x 1 s warm-up + 5 x 1 s measured) per benchmark; the machine is shared, so the
# allocation figures (gc.alloc.rate.norm, B/op) are the steadiest ones to compare.
timeout 600 java -Xms1g -Xmx1g -cp "benchmarks/target/classes:benchmarks/target/lib/*" org.openjdk.jmh.Main \
  -f 2 -wi 3 -w 1s -i 5 -r 1s -prof gc -jvmArgs "-Xms1g -Xmx1g" \
  -rf json -rff "$OUT/results.json" "${@:-io.integrationsrealtime.benchmarks.jmh.}" | tee "$OUT/results.txt"
