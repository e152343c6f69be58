#!/usr/bin/env bash
# Markdown summary of benchmarks/sdk.sh's results.jsonl: medians per phase, client and load, and
# the per-repetition ratios against the JS client (median over repetitions).
# Usage: sdk-report.sh results.jsonl server placement warmupS durationS jitWarmupS
set -euo pipefail
RESULTS=$1
cat <<HEAD
Server \`$2\`, placement $3; ${4} s warm-up + ${5} s measured per run; Java clients in the warm
phase after a ${6} s JIT warm-up at 1 x 16. Client CPU us/rt = the load generator's own CPU time
(all threads, JIT and GC included) per round trip. Median over repetitions.

| phase | client | conns x in flight | reps | rt/s | p50 us | p99 us | p99.9 us | client CPU us/rt | server CPU us/rt | errors |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
HEAD
jq -rs '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
  def r(d): if . == null then "-" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
  group_by([.phase != "cold", .inflight, (.client | {js:0,sdk:1,"sdk-direct":2,"sdk-before":3,raw:4}[.])])[]
  | . as $runs
  | "| \($runs[0].phase) | \($runs[0].client) | \($runs[0].connections) x \($runs[0].inflight) | \($runs|length)"
    + " | \([$runs[].rtPerSec] | median | r(0)) | \([$runs[].p50Us] | median | r(0)) | \([$runs[].p99Us] | median | r(0))"
    + " | \([$runs[].p999Us] | median | r(0)) | \([$runs[] | .loadgenCpuPct * 10000 / .rtPerSec] | median | r(1))"
    + " | \([$runs[].serverCpuUsPerRt] | median | r(1)) | \([$runs[].errors + $runs[].unanswered] | add) |"
' "$RESULTS"
cat <<'MID'

Ratios within each warm repetition (median over repetitions); targets (issue 20): client-sdk >= 1.0 x the
JS client's rt/s on one connection, client-sdk p99 < 1000 us at 1 x 1.

| conns x in flight | rt/s sdk/js | rt/s sdk-direct/js | rt/s raw/js | rt/s sdk/raw | client CPU/rt sdk/raw | rt/s sdk/sdk-before | client CPU/rt sdk/sdk-before | sdk p99 us | sdk-direct p99 us | verdict (sdk; sdk-direct) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
MID
jq -rs '
  def median: sort | if length == 0 then null elif length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
  def r(d): if . == null then "-" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
  def cpu: .loadgenCpuPct * 10000 / .rtPerSec;
  [.[] | select(.phase == "warm")] | group_by(.inflight)[]
  | . as $runs
  | [$runs | group_by(.rep)[] | (map({(.client): .}) | add)] as $reps
  | ([$reps[] | .sdk.rtPerSec / .js.rtPerSec] | median) as $sdkJs
  | ([$reps[] | select(has("sdk-direct")) | .["sdk-direct"].rtPerSec / .js.rtPerSec] | median) as $directJs
  | ([$runs[] | select(.client == "sdk") | .p99Us] | median) as $p99
  | ([$runs[] | select(.client == "sdk-direct") | .p99Us] | median) as $directP99
  | "| 1 x \($runs[0].inflight) | \($sdkJs | r(2)) | \($directJs | r(2)) | \([$reps[] | .raw.rtPerSec / .js.rtPerSec] | median | r(2))"
    + " | \([$reps[] | .sdk.rtPerSec / .raw.rtPerSec] | median | r(2)) | \([$reps[] | (.sdk | cpu) / (.raw | cpu)] | median | r(2))"
    + " | \([$reps[] | select(has("sdk-before")) | .sdk.rtPerSec / .["sdk-before"].rtPerSec] | median | r(2))"
    + " | \([$reps[] | select(has("sdk-before")) | (.sdk | cpu) / (.["sdk-before"] | cpu)] | median | r(2))"
    + " | \($p99 | r(0)) | \($directP99 | r(0))"
    + " | rt/s \(if $sdkJs >= 1.0 then "met" else "missed" end)"
    + (if $runs[0].inflight == 1 then ", p99 \(if $p99 < 1000 then "met" else "missed" end)" else "" end)
    + "; rt/s \(if $directJs == null then "-" elif $directJs >= 1.0 then "met" else "missed" end)"
    + (if $runs[0].inflight == 1 and $directP99 != null then ", p99 \(if $directP99 < 1000 then "met" else "missed" end)" else "" end) + " |"
' "$RESULTS"
