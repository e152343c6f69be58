// The orchestrator behind benchmarks/run.sh. For each CPU placement (pinned: servers on core 0,
// load generator on core 1; unpinned: no affinity) it starts every server once, warms each up (and again
// per connection count), then for each connection count runs the load generator against the servers
// in turn, A B C D A B C D, `reps` times. Writes results.json / results.csv / summary.md to --out
// and prints the summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, stopServer, killAll } from './servers.mjs';
import { runLoadgen } from './run-loadgen.mjs';
import { summarize, toCsv } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '../target/results') },
    connections: { type: 'string' },
    inflight: { type: 'string', default: '4' },
    reps: { type: 'string' },
    servers: { type: 'string', default: 'server-core,server-core-direct,raw-manual,raw-inline,node' },
    placements: { type: 'string', default: 'pinned,unpinned' },
    // Servers listen on base-port, base-port + 1, ...
    'base-port': { type: 'string', default: '17301' },
    'count-warmup': { type: 'string' },
    // Seconds of load before anything is measured. A JVM pinned to one core needed ~40 s at
    // 16 x 4 to reach steady state (its JIT compiles on the same core); Node needs a few.
    'server-warmup': { type: 'string' },
  },
});
const quick = args.quick;
const plan = {
  connections: (args.connections ?? '1,16,128').split(',').map(Number),
  inflight: Number(args.inflight),
  reps: Number(args.reps ?? (quick ? 1 : 2)),
  warmupS: quick ? 1 : 2,
  durationS: quick ? 2 : 5,
  serverWarmupS: Number(args['server-warmup'] ?? (quick ? 3 : 40)),
  // A further discarded run per connection count and server before its repetitions: the 6 s at
  // 16 connections left the JVMs' 1-connection path unsettled (2x between repetitions).
  countWarmupS: Number(args['count-warmup'] ?? (quick ? 0 : 4)),
  servers: args.servers.split(','),
  placements: args.placements.split(','),
};
const PLACEMENT = { pinned: { server: 0, loadgen: 1 }, unpinned: { server: null, loadgen: null } };
const BASE_PORT = Number(args['base-port']);

process.on('SIGINT', () => { killAll(); process.exit(130); });
process.on('SIGTERM', () => { killAll(); process.exit(143); });
process.on('exit', killAll);

function loadgen(server, placement, connections, warmupS, durationS) {
  return runLoadgen(server, { cpus: PLACEMENT[placement].loadgen, connections, inflight: plan.inflight, warmupS, durationS });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const results = [];
const began = Date.now();
console.log(`plan: ${JSON.stringify(plan)}`);
for (const placement of plan.placements) {
  const servers = [];
  for (const [index, name] of plan.servers.entries()) {
    servers.push(await startServer(name, BASE_PORT + index, PLACEMENT[placement].server));
  }
  for (const server of servers) {
    await loadgen(server, placement, 16, 1, plan.serverWarmupS); // JIT warm-up, discarded
  }
  for (const connections of plan.connections) {
    if (plan.countWarmupS > 0) {
      for (const server of servers) await loadgen(server, placement, connections, 1, plan.countWarmupS); // discarded
    }
    for (let rep = 1; rep <= plan.reps; rep++) {
      for (const server of servers) {
        await sleep(300);
        const result = await loadgen(server, placement, connections, plan.warmupS, plan.durationS);
        const row = { server: server.name, placement, rep, ...result };
        results.push(row);
        console.log(`${placement} ${server.name} ${connections}x${plan.inflight} rep ${rep}: ${result.rtPerSec} rt/s, `
          + `${result.serverCpuUsPerRt} us CPU/rt, p99 ${result.p99Us} us, loadgen ${result.loadgenCpuPct}% CPU`
          + (result.errors ? `, ${result.errors} ERRORS` : ''));
      }
    }
  }
  for (const server of servers) await stopServer(server);
}

mkdirSync(args.out, { recursive: true });
const summary = summarize(results, plan);
writeFileSync(join(args.out, 'results.json'), JSON.stringify({ plan, results }, null, 1));
writeFileSync(join(args.out, 'results.csv'), toCsv(results));
writeFileSync(join(args.out, 'summary.md'), summary);
console.log(`\n${summary}\ntook ${Math.round((Date.now() - began) / 1000)} s; results in ${args.out}`);
