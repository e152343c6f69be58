// One process of idle or subscribed socket.io-client connections, for the fan-out and memory
// scenarios (several of these run side by side: a process must stay well under the 20000 file
// descriptors this machine allows per process). Connects --connections sockets to --url, a few
// hundred at a time, prints "CONNECTED <ok> <failed>", then obeys one command per stdin line:
//   enter <event>[,<event>...]  every socket sends these events in order, each with an ack
//                               (integration:join, integration:webhook:subscribe), then
//                               "ENTERED <ok> <failed>"
//   collect                     "RESULT <json>": the webhook latencies seen so far
// Each integration:webhook:received is stamped on arrival with the epoch-microsecond clock of
// clock.mjs; its latency is that minus data.sentUs, stamped by the server when it published.
// Webhooks with a negative number are warm-up and not recorded. Exits when stdin ends, or after
// --limit seconds whatever happens.
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import * as hdr from 'hdr-histogram-js';
import { epochMicros, driftUs } from './clock.mjs';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    connections: { type: 'string' },
    limit: { type: 'string', default: '600' },
  },
});
if (!args.url?.startsWith('http://127.0.0.1:')) throw new Error('--url must be http://127.0.0.1:<port> (loopback only)');
setTimeout(() => {
  console.error('clients: hard time limit reached');
  process.exit(2);
}, Number(args.limit) * 1000).unref();

const PROJECT_ID = '6958511e8397f2dfa88090d8';
const INTEGRATION_ID = '64b2c3d4e5f6789012345678';
const CONCURRENCY = 200;  // connects or requests at once: more only overflows accept queues

const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
const perEvent = new Map();  // webhook number -> [deliveries, latest arrival - sentUs]
let received = 0;

function onWebhook(payload) {
  const arrivedUs = epochMicros();
  const { i, sentUs } = payload?.data ?? {};
  if (!(i >= 0)) return;
  const latencyUs = Math.max(1, arrivedUs - sentUs);
  histogram.recordValue(latencyUs);
  received++;
  const seen = perEvent.get(i) ?? [0, 0];
  perEvent.set(i, [seen[0] + 1, Math.max(seen[1], latencyUs)]);
}

function connect() {
  return new Promise((resolve) => {
    const socket = io(args.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: 'bench' }, timeout: 20_000 });
    socket.on('integration:webhook:received', onWebhook);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', () => resolve(null));
  });
}

function request(socket, event) {
  return new Promise((resolve) => {
    socket.timeout(30_000).emit(event, { projectId: PROJECT_ID, integrationId: INTEGRATION_ID },
      (err, reply) => resolve(!err && !reply?.error));
  });
}

/** Runs task(i) for i < count with at most CONCURRENCY at once; resolves with the results. */
async function bounded(count, task) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return results;
}

const sockets = (await bounded(Number(args.connections), connect)).filter(Boolean);
console.log(`CONNECTED ${sockets.length} ${Number(args.connections) - sockets.length}`);

const lines = createInterface({ input: process.stdin });
lines.on('line', async (line) => {
  const [command, argument] = line.trim().split(' ');
  if (command === 'enter') {
    const events = argument.split(',');
    const outcomes = await bounded(sockets.length, async (index) => {
      for (const event of events) if (!(await request(sockets[index], event))) return false;
      return true;
    });
    const ok = outcomes.filter(Boolean).length;
    console.log(`ENTERED ${ok} ${outcomes.length - ok}`);
  } else if (command === 'collect') {
    console.log(`RESULT ${JSON.stringify({
      received, clockDriftUs: driftUs(), disconnected: sockets.filter((socket) => !socket.connected).length,
      histogram: hdr.encodeIntoCompressedBase64(histogram), perEvent: [...perEvent.entries()],
    })}`);
  } else {
    console.log(`UNKNOWN ${line}`);
  }
});
// Close every socket properly before exiting: a process exiting with thousands of open sockets
// resets them all, and netty-socketio logs every reset with a stack trace.
lines.on('close', () => {
  for (const socket of sockets) socket.close();
  setTimeout(() => process.exit(0), 1500);
});
