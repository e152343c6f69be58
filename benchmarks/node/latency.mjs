// Scenario "latency" (docs/benchmarks-scenarios.md): latency at fixed request rates (open loop).
// Each server is started once (pinned by default: servers on core 0, load generator on core 1)
// and warmed up; then its maximum is measured closed-loop at `connections` x `inflight` (as in the
// throughput scenario), and it is driven open-loop (loadgen.mjs --rate) at fixed fractions of its
// own maximum, servers in turn (A B C D) at each fraction. Latency is from each request's intended
// send time (no coordinated omission), HdrHistogram p50 / p99 / p99.9 / max.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, stopServer, killAll } from './servers.mjs';
import { runLoadgen } from './run-loadgen.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    // Seconds of load before the max is measured (JVM JIT on one core: ~40 s to steady state).
    'server-warmup': { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '../target/results') },
    'base-port': { type: 'string', default: '17301' },
    servers: { type: 'string', default: 'server-core,raw-manual,raw-inline,node' },
    connections: { type: 'string', default: '16' },
    inflight: { type: 'string', default: '4' },
    fractions: { type: 'string', default: '0.25,0.5,0.75' },
    placement: { type: 'string', default: 'pinned' },
  },
});
const quick = args.quick;
const plan = {
  connections: Number(args.connections),
  inflight: Number(args.inflight),
  fractions: args.fractions.split(',').map(Number),
  placement: args.placement,
  servers: args.servers.split(','),
  warmupS: quick ? 1 : 2,
  durationS: quick ? 3 : 8,
  serverWarmupS: Number(args['server-warmup'] ?? (quick ? 3 : 40)),
};
const CPUS = { pinned: { server: 0, loadgen: 1 }, unpinned: { server: null, loadgen: null } }[plan.placement];

process.on('SIGINT', () => { killAll(); process.exit(130); });
process.on('SIGTERM', () => { killAll(); process.exit(143); });
process.on('exit', killAll);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const began = Date.now();
console.log(`latency plan: ${JSON.stringify(plan)}`);
const servers = [];
for (const [index, name] of plan.servers.entries()) {
  servers.push(await startServer(name, Number(args['base-port']) + index, CPUS.server));
}
const load = { cpus: CPUS.loadgen, connections: plan.connections, warmupS: plan.warmupS, durationS: plan.durationS };
for (const server of servers) {
  await runLoadgen(server, { ...load, inflight: plan.inflight, warmupS: 1, durationS: plan.serverWarmupS }); // JIT, discarded
}
const rows = [];
for (const server of servers) {
  await sleep(300);
  const max = await runLoadgen(server, { ...load, inflight: plan.inflight });
  server.max = max.rtPerSec;
  rows.push({ server: server.name, fraction: 'max', ...max });
  console.log(`latency ${server.name} closed-loop max ${plan.connections}x${plan.inflight}: ${max.rtPerSec} rt/s, p99 ${max.p99Us} us`);
}
for (const fraction of plan.fractions) {
  for (const server of servers) {
    await sleep(300);
    const result = await runLoadgen(server, { ...load, rate: fraction * server.max });
    rows.push({ server: server.name, fraction, ...result });
    console.log(`latency ${server.name} at ${fraction} x max (${result.targetRate}/s): ${result.rtPerSec} rt/s, p50 ${result.p50Us} us, `
      + `p99 ${result.p99Us} us, p99.9 ${result.p999Us} us, max ${result.maxUs} us, send lag p99 ${result.sendLagP99Us} max ${result.sendLagMaxUs} us`);
  }
}
for (const server of servers) await stopServer(server);

const ms = (us) => (us / 1000).toFixed(2);
const lines = [`Latency at fixed rates: ${plan.connections} connections, ${plan.placement}; "max" = closed loop at `
  + `${plan.connections} x ${plan.inflight} in flight; the other rows open loop at that fraction of the server's own max, `
  + `latency from the intended send time (ms), ${plan.warmupS} s warm-up + ${plan.durationS} s measured.`, '',
  '| server | load | rate target /s | rt/s | p50 | p99 | p99.9 | max | generator send lag p99 / max | server CPU % | errors + unanswered | target p99 < 5 ms at 0.5 |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'];
for (const fraction of ['max', ...plan.fractions]) {
  for (const row of rows.filter((r) => r.fraction === fraction)) {
    lines.push(`| ${row.server} | ${fraction === 'max' ? 'closed-loop max' : `${fraction} x max`} | ${row.targetRate ?? '-'} | `
      + `${row.rtPerSec} | ${ms(row.p50Us)} | ${ms(row.p99Us)} | ${ms(row.p999Us)} | ${ms(row.maxUs)} | `
      + `${row.sendLagMaxUs == null ? '-' : `${ms(row.sendLagP99Us)} / ${ms(row.sendLagMaxUs)}`} | ${row.serverCpuPct} | ${row.errors + row.unanswered} | `
      + `${fraction === 0.5 ? (row.p99Us < 5000 ? 'met' : 'missed') : '-'} |`);
  }
}
const summary = lines.join('\n') + '\n';
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, 'latency.json'), JSON.stringify({ plan, rows }, null, 1));
writeFileSync(join(args.out, 'latency.md'), summary);
console.log(`\n${summary}\nlatency took ${Math.round((Date.now() - began) / 1000)} s; results in ${args.out}`);
