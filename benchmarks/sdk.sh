#!/usr/bin/env bash
# Client-side benchmark (issue 7): the JS client (node/loadgen.mjs), client-sdk and plain
# socket.io-client-java (SdkLoadgen --client sdk|sdk-direct|raw) against ONE fast server, alternating
# A B C D A B C D, at 1 connection x 1 and x 16 requests in flight. About 4 minutes. sdk-direct is
# client-sdk with callbackExecutor(Runnable::run): callbacks on socket.io's event thread.
#
#   benchmarks/sdk.sh [--server raw-inline|core] [--reps 3] [--warmup 2] [--duration 4]
#                     [--jit-warmup 15] [--placement pinned|unpinned] [--out DIR] [--no-build]
#                     [--baseline-classes DIR]
#
# Phases: "cold" = one fresh process per client, 1x1, the same short warm-up as the JS client;
# "warm" = the two Java clients stay up (SdkLoadgen --stdin) after a --jit-warmup run at 1x16,
# and each rep runs A (JS, fresh process as always), B (client-sdk), C (raw) in turn.
# pinned: server on CPU 0, every client on CPU 1. Loopback only, ports 19300-19399.
# --baseline-classes DIR: client-sdk classes of an earlier version (compiled into DIR), run as a
# fourth client "sdk-before" in the same alternation (A B B' C), for before/after comparisons.
# Results: $OUT/results.jsonl (one line per run) and $OUT/summary.md (also printed).
set -euo pipefail

cd "$(dirname "$0")/.."
SERVER=raw-inline REPS=3 WARMUP=2 DURATION=4 JIT_WARMUP=15 PLACEMENT=pinned BUILD=1
OUT=benchmarks/target/sdk-results PORT=19310 BASELINE=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) SERVER=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --placement) PLACEMENT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --baseline-classes) BASELINE=$(cd "$2" && pwd); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
(( PORT >= 19300 && PORT <= 19399 )) || { echo "--port must be in 19300-19399" >&2; exit 64; }

if [[ $BUILD == 1 ]]; then
  ./mvnw -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true
  [[ -d benchmarks/node/node_modules ]] || (cd benchmarks/node && npm ci --silent)
fi
mkdir -p "$OUT"
# A private copy of the classpath: a rebuild during the run must not change the jars under it.
rm -rf "$OUT/cp" && mkdir -p "$OUT/cp" && cp -r benchmarks/target/classes benchmarks/target/lib "$OUT/cp/"
CP="$OUT/cp/classes:$OUT/cp/lib/*"
RESULTS="$OUT/results.jsonl"; : > "$RESULTS"
URL="http://127.0.0.1:$PORT"
if [[ $PLACEMENT == pinned ]]; then ON_SERVER=(taskset -c 0); ON_CLIENT=(taskset -c 1); else ON_SERVER=(); ON_CLIENT=(); fi

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

case "$SERVER" in
  raw-inline) SERVER_MAIN=(io.integrationsrealtime.benchmarks.RawAckEchoServer "$PORT" inline) ;;
  core) SERVER_MAIN=(io.integrationsrealtime.benchmarks.ServerCoreBenchServer "$PORT") ;;
  *) echo "--server must be raw-inline or core" >&2; exit 64 ;;
esac
# The bench servers exit when their stdin ends (ControlChannel), and a background job's stdin is
# /dev/null: hold it open on a FIFO that this script keeps until it exits.
rm -f "$OUT/server.stdin" && mkfifo "$OUT/server.stdin" && exec 3<>"$OUT/server.stdin"
"${ON_SERVER[@]}" java -Xms512m -Xmx512m -cp "$CP" "${SERVER_MAIN[@]}" <&3 > "$OUT/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
for _ in $(seq 150); do grep -q READY "$OUT/server.log" && break; sleep 0.1; done
grep -q READY "$OUT/server.log" || { echo "server did not start" >&2; cat "$OUT/server.log" >&2; exit 1; }

JAVA_CLIENT=(java -Xms256m -Xmx256m -cp "$CP" io.integrationsrealtime.benchmarks.loadgen.SdkLoadgen --url "$URL" --server-pid "$SERVER_PID")
# The earlier client-sdk classes first on the classpath shadow the current ones.
BASE_CLIENT=(java -Xms256m -Xmx256m -cp "$BASELINE:$CP" io.integrationsrealtime.benchmarks.loadgen.SdkLoadgen --url "$URL" --server-pid "$SERVER_PID")
CLIENTS=(js sdk sdk-direct raw); [[ -n $BASELINE ]] && CLIENTS=(js sdk sdk-direct sdk-before raw)
record() {  # phase client conns inflight rep json
  jq -c --arg phase "$1" --arg client "$2" --argjson rep "$5" '. + {phase: $phase, client: $client, rep: $rep}' <<< "$6" >> "$RESULTS"
  echo "$1 $2 $3x$4 rep $5: $(jq -r '"\(.rtPerSec) rt/s p50 \(.p50Us) p99 \(.p99Us) us, client CPU \(.loadgenCpuPct) %, errors \(.errors)"' <<< "$6")" >&2
}
js_run() {  # conns inflight -> json line
  "${ON_CLIENT[@]}" timeout 120 node benchmarks/node/loadgen.mjs --url "$URL" --connections "$1" --inflight "$2" \
    --warmup "$WARMUP" --duration "$DURATION" --server-pid "$SERVER_PID"
}
java_fresh_run() {  # client conns inflight
  local cmd=("${JAVA_CLIENT[@]}") client=$1
  [[ $client == sdk-before ]] && cmd=("${BASE_CLIENT[@]}") client=sdk
  "${ON_CLIENT[@]}" timeout 120 "${cmd[@]}" --client "$client" --connections "$2" --inflight "$3" \
    --warmup "$WARMUP" --duration "$DURATION"
}

echo "server $SERVER (pid $SERVER_PID), placement $PLACEMENT, $REPS reps, ${WARMUP}s + ${DURATION}s per run" >&2
js_run 1 16 > /dev/null  # server JIT warm-up, discarded

for client in "${CLIENTS[@]}"; do  # cold: a fresh process, the JS client's short warm-up
  if [[ $client == js ]]; then line=$(js_run 1 1); else line=$(java_fresh_run "$client" 1 1); fi
  record cold "$client" 1 1 1 "$line"
done

# warm: long-lived Java clients driven line by line (bounded: every read has a timeout).
coproc SDK_LG { "${ON_CLIENT[@]}" "${JAVA_CLIENT[@]}" --client sdk --stdin 2>>"$OUT/sdk-loadgen.log"; }
PIDS+=("$SDK_LG_PID")
coproc DIRECT_LG { "${ON_CLIENT[@]}" "${JAVA_CLIENT[@]}" --client sdk-direct --stdin 2>>"$OUT/sdk-direct-loadgen.log"; }
PIDS+=("$DIRECT_LG_PID")
coproc RAW_LG { "${ON_CLIENT[@]}" "${JAVA_CLIENT[@]}" --client raw --stdin 2>>"$OUT/raw-loadgen.log"; }
PIDS+=("$RAW_LG_PID")
if [[ -n $BASELINE ]]; then
  coproc BASE_LG { "${ON_CLIENT[@]}" "${BASE_CLIENT[@]}" --client sdk --stdin 2>>"$OUT/sdk-before-loadgen.log"; }
  PIDS+=("$BASE_LG_PID")
fi
LIMIT=$(( WARMUP + DURATION + JIT_WARMUP + 40 ))
ask() {  # fd-in fd-out command -> json line
  echo "$3" >&"$2"
  local line; IFS= read -r -t "$LIMIT" -u "$1" line || { echo "no answer from a Java load generator" >&2; exit 1; }
  echo "$line"
}
ask "${SDK_LG[0]}" "${SDK_LG[1]}" "run 1 16 $JIT_WARMUP 1" > /dev/null
ask "${DIRECT_LG[0]}" "${DIRECT_LG[1]}" "run 1 16 $JIT_WARMUP 1" > /dev/null
ask "${RAW_LG[0]}" "${RAW_LG[1]}" "run 1 16 $JIT_WARMUP 1" > /dev/null
[[ -n $BASELINE ]] && ask "${BASE_LG[0]}" "${BASE_LG[1]}" "run 1 16 $JIT_WARMUP 1" > /dev/null

for inflight in 1 16; do
  for rep in $(seq "$REPS"); do
    record warm js 1 "$inflight" "$rep" "$(js_run 1 "$inflight")"
    record warm sdk 1 "$inflight" "$rep" "$(ask "${SDK_LG[0]}" "${SDK_LG[1]}" "run 1 $inflight $WARMUP $DURATION")"
    record warm sdk-direct 1 "$inflight" "$rep" "$(ask "${DIRECT_LG[0]}" "${DIRECT_LG[1]}" "run 1 $inflight $WARMUP $DURATION")"
    if [[ -n $BASELINE ]]; then
      record warm sdk-before 1 "$inflight" "$rep" "$(ask "${BASE_LG[0]}" "${BASE_LG[1]}" "run 1 $inflight $WARMUP $DURATION")"
    fi
    record warm raw 1 "$inflight" "$rep" "$(ask "${RAW_LG[0]}" "${RAW_LG[1]}" "run 1 $inflight $WARMUP $DURATION")"
  done
done
echo quit >&"${SDK_LG[1]}"; echo quit >&"${DIRECT_LG[1]}"; echo quit >&"${RAW_LG[1]}"; [[ -n $BASELINE ]] && echo quit >&"${BASE_LG[1]}"

benchmarks/sdk-report.sh "$RESULTS" "$SERVER" "$PLACEMENT" "$WARMUP" "$DURATION" "$JIT_WARMUP" | tee "$OUT/summary.md"
