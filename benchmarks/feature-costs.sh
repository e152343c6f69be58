#!/usr/bin/env bash
# What each feature costs per execute (docs/benchmarks.md, round three): server-core variants, each
# pinned to CPU 0 and loaded one at a time by the JS load generator on CPU 1 (16 connections x 4
# in flight), REPS alternating rounds of 1 s + 8 s; prints per run the round trips/s, the server's
# CPU us per execute, p99 and the bytes it allocated per execute (ServerCoreBenchServer's
# AllocationLog: steady whatever else runs, unlike CPU time).
#   benchmarks/feature-costs.sh            # after ./mvnw -Pbenchmarks -pl benchmarks -am package
#   BENCH_BEFORE=<earlier checkout>/benchmarks benchmarks/feature-costs.sh   # adds that build as "before"
# Loopback only, ports 17381-17387; stops its servers at the end.
set -u
cd "$(dirname "$0")/node"
REPS=${REPS:-5}; CONNS=${CONNS:-16}
AFTER=$(cd .. && pwd); OUT=${OUT:-$AFTER/target/feature-costs}; mkdir -p "$OUT"
SPECS=()   # name classpath-dir features request-ids port
[[ -n ${BENCH_BEFORE:-} ]] && SPECS+=("before $BENCH_BEFORE - on 17381")
SPECS+=("default $AFTER - on 17382" "metrics $AFTER metrics on 17383" "tracing $AFTER tracing on 17384"
        "tracing10 $AFTER tracing10 on 17385" "tracing-backend-spans $AFTER tracing,backend-spans on 17387"
        "pool $AFTER pool on 17386" "no-request-ids $AFTER - off 17382")
pid() { pgrep -f "ServerCoreBenchServer $1"; }
trap 'for s in "${SPECS[@]}"; do read -r _ _ _ _ port <<< "$s"; kill $(pid $port) 2>/dev/null; done' EXIT
for spec in "${SPECS[@]}"; do
  read -r name cp feat ids port <<< "$spec"
  [[ -n "$(pid $port)" ]] && continue
  f=(); [[ $feat != - ]] && f=(-Dbench.features=$feat)
  (sleep 3000 | taskset -c 0 java -Xms512m -Xmx512m "${f[@]}" -Dbench.allocLog="$OUT/alloc-$port.log" \
     -cp "$cp/target/classes:$cp/target/lib/*" io.integrationsrealtime.benchmarks.ServerCoreBenchServer $port > "$OUT/server-$port.out" 2>&1 &)
done
sleep 8
load() { # port request-ids warmup duration
  taskset -c 1 node loadgen.mjs --url http://127.0.0.1:$1 --connections $CONNS --inflight 4 --warmup $3 --duration $4 \
    --request-ids $2 --server-pid $(pid $1)
}
for spec in "${SPECS[@]}"; do read -r name cp feat ids port <<< "$spec"; load $port $ids 1 15 > /dev/null; done  # JIT
echo "rep name rt/s cpu_us/rt p99_us alloc_B/rt"
for i in $(seq $REPS); do
  for spec in "${SPECS[@]}"; do
    read -r name cp feat ids port <<< "$spec"
    b0=$(tail -1 "$OUT/alloc-$port.log" | cut -d' ' -f2)
    out=$(load $port $ids 1 8)
    sleep 0.3
    b1=$(tail -1 "$OUT/alloc-$port.log" | cut -d' ' -f2)
    rt=$(echo "$out" | jq .rtPerSec)
    echo "$i $name $(echo "$out" | jq -r '[.rtPerSec,.serverCpuUsPerRt,.p99Us]|@tsv' | tr '\t' ' ') $(( (b1-b0) / (rt * 9) ))"
  done
done
