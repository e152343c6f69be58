// A wall clock in microseconds since the epoch, comparable with the Java servers' Instant.now()
// (both read CLOCK_REALTIME): Date.now() has only millisecond resolution, so the clock is anchored
// once on a millisecond edge of Date.now() and advanced with the monotonic performance.now().
// Error: the edge is found to within one loop iteration (~1 us); after that the two clocks can
// drift apart only by NTP slewing (ppm), which driftUs() measures at the end of a run.

function anchor() {
  const start = Date.now();
  let now = start;
  while (now === start) now = Date.now();  // spin to the next millisecond edge (<= 1 ms)
  return now * 1000 - performance.now() * 1000;
}

let offsetUs = anchor();

export function epochMicros() {
  return Math.round(offsetUs + performance.now() * 1000);
}

/** How far the anchored clock has drifted from the wall clock since it was anchored, in us. */
export function driftUs() {
  return Math.round(anchor() - offsetUs);
}
