// Scenario "fanout" (docs/benchmarks-scenarios.md): webhook fan-out latency to 1k and 10k
// subscribers. For each subscriber count, each server in turn (A B C): N socket.io-client
// connections spread over client processes join the integration and subscribe to its webhook
// mirror, then the server is told over its control channel to publish `events` webhooks,
// `interval` ms apart; each carries the server's epoch-microsecond send time, and each subscriber
// records arrival minus send time. Reported: one HdrHistogram over every delivery (p50, p99,
// p99.9, max) and, per webhook, the time until its last subscriber got it (median and max over
// webhooks), plus deliveries missing and server CPU per webhook.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, stopServer, killAll, control } from './servers.mjs';
import { connectClients, enter, collect, closeClients, killClients } from './client-procs.mjs';
import { cpuSeconds } from './proc-stat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '../target/results') },
    'base-port': { type: 'string', default: '17301' },
    servers: { type: 'string', default: 'server-core,raw,node' },
    subscribers: { type: 'string' },
    events: { type: 'string' },
    interval: { type: 'string' },
  },
});
const plan = {
  subscribers: (args.subscribers ?? '1000,10000').split(',').map(Number),
  events: Number(args.events ?? (args.quick ? 10 : 20)),
  // Milliseconds between webhooks: by default 200, or 0.1 ms per subscriber if more (1 s at
  // 10k), so that one webhook's fan-out is done before the next starts (at 10k subscribers and
  // 200 ms apart every server here was busy the whole time, and the latency measured the queue).
  intervalMs: args.interval ? Number(args.interval) : null,
  servers: args.servers.split(','),
};
const ENTER = ['integration:join', 'integration:webhook:subscribe'];
const intervalFor = (n) => plan.intervalMs ?? Math.max(200, n / 10);
// Webhooks sent (and not recorded) before the measured ones, as many as make ~100,000 deliveries
// and at least 10, so that the JVMs have compiled the broadcast path: with ~30,000, a profile of
// server-core at 10k subscribers still showed the C2 compiler in a third of the measured CPU.
// Spaced like the measured ones, so none queue.
const warmupEvents = (n) => Math.max(10, Math.ceil(100_000 / n));

const cleanUp = () => { killClients(); killAll(); };
process.on('SIGINT', () => { cleanUp(); process.exit(130); });
process.on('SIGTERM', () => { cleanUp(); process.exit(143); });
process.on('exit', cleanUp);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function publish(server, first, count, intervalMs) {
  for (let i = first; i < first + count; i++) {
    await control(server, `webhook ${i}`);
    await sleep(intervalMs);
  }
}

async function measure(server, n) {
  const group = await connectClients(`http://127.0.0.1:${server.port}`, n, { minProcesses: n >= 2000 ? 2 : 1 });
  const subscribed = await enter(group, ENTER);
  await publish(server, -warmupEvents(n), warmupEvents(n), intervalFor(n));  // negative numbers: not recorded
  await sleep(2000);
  const subscribersCpu = () => group.procs.reduce((sum, proc) => sum + cpuSeconds(proc.child.pid), 0);
  const cpuStart = cpuSeconds(server.pid);
  const subscribersCpuStart = subscribersCpu();
  await publish(server, 0, plan.events, intervalFor(n));
  const expected = subscribed * plan.events;
  let result = await collect(group);
  for (let waited = 0; result.received < expected && waited < 30_000; waited += 1000) {
    await sleep(1000);
    result = await collect(group);
  }
  const serverCpuS = cpuSeconds(server.pid) - cpuStart;
  const subscribersCpuS = subscribersCpu() - subscribersCpuStart;
  await closeClients(group);
  const byWebhook = [...result.perEvent.entries()].sort(([a], [b]) => a - b);  // warm-up ones are not recorded
  const lastArrival = byWebhook.map(([, [, latestUs]]) => latestUs);
  const h = result.histogram;
  return {
    server: server.name, subscribers: n, intervalMs: intervalFor(n), connected: group.connected, subscribed, events: plan.events,
    deliveries: result.received, missing: expected - result.received, disconnected: result.disconnected,
    p50Us: h.getValueAtPercentile(50), p99Us: h.getValueAtPercentile(99), p999Us: h.getValueAtPercentile(99.9),
    maxUs: h.maxValue, lastSubscriberMedianUs: median(lastArrival), lastSubscriberMaxUs: Math.max(...lastArrival),
    serverCpuMsPerEvent: Math.round((serverCpuS * 1000) / plan.events * 10) / 10, clockDriftUs: result.clockDriftUs,
    // The subscribers' processes share the machine's cores with the server: with the server's CPU
    // this is what one webhook costs the machine, and divided by its cores a floor for the last
    // subscriber's latency.
    subscribersCpuMsPerEvent: Math.round((subscribersCpuS * 1000) / plan.events * 10) / 10,
    lastSubscriberUsByWebhook: lastArrival,  // in the order sent: shows when a slow webhook came (JSON only)
  };
}

const began = Date.now();
console.log(`fanout plan: ${JSON.stringify(plan)}`);
const servers = [];
for (const [index, name] of plan.servers.entries()) servers.push(await startServer(name, Number(args['base-port']) + index, null));
const rows = [];
for (const n of plan.subscribers) {
  for (const server of servers) {
    const row = await measure(server, n);
    rows.push(row);
    console.log(`fanout ${server.name} ${n} subscribers: p50 ${row.p50Us} us, p99 ${row.p99Us} us, p99.9 ${row.p999Us} us, `
      + `max ${row.maxUs} us, last subscriber median ${row.lastSubscriberMedianUs} us, missing ${row.missing}`);
    await sleep(1000);
  }
}
for (const server of servers) await stopServer(server);

const ms = (us) => (us / 1000).toFixed(1);
const lines = [`Fan-out: ${plan.events} webhooks to every subscriber; latency = arrival - server send time (ms).`, '',
  '| server | subscribers | webhooks every | p50 | p99 | p99.9 | max | last subscriber, median over webhooks | last subscriber, worst | server CPU ms/webhook | subscriber processes CPU ms/webhook | missing | target p99 < 200 ms at 10k |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'];
for (const row of rows) {
  lines.push(`| ${row.server} | ${row.subscribers} | ${row.intervalMs} ms | ${ms(row.p50Us)} | ${ms(row.p99Us)} | ${ms(row.p999Us)} | ${ms(row.maxUs)} | `
    + `${ms(row.lastSubscriberMedianUs)} | ${ms(row.lastSubscriberMaxUs)} | ${row.serverCpuMsPerEvent} | ${row.subscribersCpuMsPerEvent} | ${row.missing} | `
    + `${row.subscribers >= 10000 ? (row.p99Us < 200_000 ? 'met' : 'missed') : '-'} |`);
}
const summary = lines.join('\n') + '\n';
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'fanout.json'), JSON.stringify({ plan, rows }, null, 1));
writeFileSync(join(args.out, 'fanout.md'), summary);
console.log(`\n${summary}\nfanout took ${Math.round((Date.now() - began) / 1000)} s; results in ${args.out}`);
