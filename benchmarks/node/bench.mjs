// The orchestrator behind benchmarks/run.sh. For each CPU placement (pinned: servers on core 0,
// load generator on core 1; unpinned: no affinity) it starts every server once, warms each up, then
// for each connection count runs the load generator against the servers in turn, A B C D A B C D,
// `reps` times. Writes results.json / results.csv / summary.md to --out and prints the summary.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVERS, startServer, stopServer, killAll, pinned } from './servers.mjs';
import { summarize, toCsv } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '../target/results') },
    connections: { type: 'string' },
    inflight: { type: 'string', default: '4' },
    reps: { type: 'string' },
    servers: { type: 'string', default: Object.keys(SERVERS).join(',') },
    placements: { type: 'string', default: 'pinned,unpinned' },
  },
});
const quick = args.quick;
const plan = {
  connections: (args.connections ?? '1,16,128').split(',').map(Number),
  inflight: Number(args.inflight),
  reps: Number(args.reps ?? (quick ? 1 : 2)),
  warmupS: quick ? 1 : 2,
  durationS: quick ? 2 : 5,
  serverWarmupS: quick ? 3 : 6,
  servers: args.servers.split(','),
  placements: args.placements.split(','),
};
const PLACEMENT = { pinned: { server: 0, loadgen: 1 }, unpinned: { server: null, loadgen: null } };
const BASE_PORT = 17301;

process.on('SIGINT', () => { killAll(); process.exit(130); });
process.on('SIGTERM', () => { killAll(); process.exit(143); });
process.on('exit', killAll);

function loadgen(server, placement, connections, warmupS, durationS) {
  const command = pinned(PLACEMENT[placement].loadgen, ['node', join(here, 'loadgen.mjs'),
    '--url', `http://127.0.0.1:${server.port}`, '--connections', String(connections), '--inflight', String(plan.inflight),
    '--warmup', String(warmupS), '--duration', String(durationS), '--server-pid', String(server.pid)]);
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => code === 0 ? resolve(JSON.parse(output.trim().split('\n').pop()))
      : reject(new Error(`loadgen against ${server.name} exited with ${code}`)));
  });
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
