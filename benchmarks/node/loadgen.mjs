// The load generator: N socket.io-client connections, each keeping K integration:execute requests
// in flight (a new one is sent when an ack arrives). After a warm-up it measures for a fixed time:
// round trips/s, latency percentiles (HdrHistogram, microseconds), the server's CPU time from
// /proc/<server-pid>/stat and its own. Prints one JSON object. Every run is bounded: it exits after
// warm-up + duration + 30 s whatever happens.
// With --rate R it runs open-loop instead: requests are due at fixed intended times, R per second
// in all, handed to the connections in turn, whatever the acks do; latency is measured from the
// INTENDED send time, so a server (or generator) that falls behind is charged for the wait of every
// request queued behind it (no coordinated omission). Only requests due inside the measured window
// are recorded; sendLagMaxUs says how late the generator itself was (a large value means the
// generator, not the server, was the bottleneck).
// Usage: node loadgen.mjs --url http://127.0.0.1:PORT --connections N [--inflight K | --rate R]
//                         --warmup S --duration S [--server-pid PID] [--request-ids off]
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import * as hdr from 'hdr-histogram-js';
import { cpuSeconds, rssKib } from './proc-stat.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string', default: '1' },
    inflight: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '5' },
    'server-pid': { type: 'string' },
    // "off" sends no requestId (server-core then skips its idempotency store), for comparisons.
    'request-ids': { type: 'string', default: 'on' },
    rate: { type: 'string' },
  },
});
const connections = Number(args.connections);
const inflight = Number(args.inflight);
const warmupMs = Number(args.warmup) * 1000;
const durationMs = Number(args.duration) * 1000;
const withRequestIds = args['request-ids'] !== 'off';
const serverPid = args['server-pid'] ? Number(args['server-pid']) : null;
const rate = args.rate ? Number(args.rate) : null;
if (!args.url?.startsWith('http://127.0.0.1:')) throw new Error('--url must be http://127.0.0.1:<port> (loopback only)');

setTimeout(() => {
  console.error('loadgen: hard time limit reached');
  process.exit(2);
}, warmupMs + durationMs + 30_000).unref();

const PROJECT_ID = '6958511e8397f2dfa88090d8';
const INTEGRATION_ID = '64b2c3d4e5f6789012345678';

const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
let measuring = false;
let stopped = false;
let roundTrips = 0;
let errors = 0;
let outstanding = 0;
let nextId = 0;

function connect() {
  return new Promise((resolve, reject) => {
    const socket = io(args.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: 'bench' }, timeout: 10_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function executeRequest() {
  const request = {
    projectId: PROJECT_ID, integrationId: INTEGRATION_ID, endpoint: 'getUserTweets',
    params: { userId: '123' }, requestData: {},
  };
  if (withRequestIds) request.requestId = `r-${nextId++}`;
  return request;
}

function send(socket) {
  if (stopped) return;
  const request = executeRequest();
  const sentAt = performance.now();
  outstanding++;
  socket.emit('integration:execute', request, (reply) => {
    outstanding--;
    if (measuring) {
      histogram.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
      roundTrips++;
      if (reply?.error) errors++;
    }
    send(socket);
  });
}

// Open loop: every ~1 ms, send every request whose intended time has come (timers cannot wake
// more finely without spinning a core the server needs).
let sendLagMaxUs = 0;
// How late each request of the window was sent: the generator's own share of the latency.
const sendLag = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
let windowStart = Infinity;
let windowEnd = Infinity;
function sendDue(sockets, t0) {
  const intervalMs = 1000 / rate;
  let k = 0;
  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    for (let intended = t0 + k * intervalMs; intended <= now; k++, intended = t0 + k * intervalMs) {
      const inWindow = intended >= windowStart && intended < windowEnd;
      if (inWindow) {
        const lagUs = Math.max(1, Math.round((now - intended) * 1000));
        sendLagMaxUs = Math.max(sendLagMaxUs, lagUs);
        sendLag.recordValue(lagUs);
      }
      outstanding++;
      sockets[k % sockets.length].emit('integration:execute', executeRequest(), (reply) => {
        outstanding--;
        if (!inWindow) return;
        histogram.recordValue(Math.max(1, Math.round((performance.now() - intended) * 1000)));
        roundTrips++;
        if (reply?.error) errors++;
      });
    }
    setTimeout(tick, 1);
  };
  tick();
}

const sockets = await Promise.all(Array.from({ length: connections }, connect));
if (rate) sendDue(sockets, performance.now());
else for (const socket of sockets) for (let i = 0; i < inflight; i++) send(socket);

await new Promise((resolve) => setTimeout(resolve, warmupMs));
const serverCpuStart = serverPid ? cpuSeconds(serverPid) : NaN;
const ownCpuStart = process.cpuUsage();
const start = performance.now();
measuring = true;
windowStart = start;
windowEnd = start + durationMs;
await new Promise((resolve) => setTimeout(resolve, durationMs));
measuring = false;
const elapsedS = (performance.now() - start) / 1000;
const serverCpuS = serverPid ? cpuSeconds(serverPid) - serverCpuStart : NaN;
const ownCpu = process.cpuUsage(ownCpuStart);
stopped = true;
const serverRssKib = serverPid ? rssKib(serverPid) : NaN;

// Open loop: requests of the window still unanswered here are reported as `unanswered`.
const drainUntil = performance.now() + 5000;
while (outstanding > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 10));
for (const socket of sockets) socket.close();

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
console.log(JSON.stringify({
  connections, inflight: rate ? null : inflight, targetRate: rate, sendLagMaxUs: rate ? sendLagMaxUs : null,
  sendLagP99Us: rate ? sendLag.getValueAtPercentile(99) : null, seconds: round(elapsedS, 3), roundTrips, errors,
  rtPerSec: round(roundTrips / elapsedS, 0),
  serverCpuS: round(serverCpuS, 2),
  serverCpuUsPerRt: round((serverCpuS * 1e6) / roundTrips, 1),
  serverCpuPct: round((serverCpuS / elapsedS) * 100, 0),
  loadgenCpuPct: round(((ownCpu.user + ownCpu.system) / 1e6 / elapsedS) * 100, 0),
  p50Us: histogram.getValueAtPercentile(50), p99Us: histogram.getValueAtPercentile(99),
  p999Us: histogram.getValueAtPercentile(99.9), maxUs: histogram.maxValue,
  serverRssKib, unanswered: outstanding,
}));
process.exit(0);
