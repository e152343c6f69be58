// Runs loadgen.mjs once against a started server (optionally pinned) and resolves with its JSON
// result; shared by the closed-loop throughput scenario (bench.mjs) and the latency one.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinned } from './servers.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** options: cpus (taskset list or null), connections, inflight or rate, warmupS, durationS. */
export function runLoadgen(server, { cpus = null, connections, inflight = 4, rate = null, warmupS, durationS }) {
  const load = rate ? ['--rate', String(Math.round(rate))] : ['--inflight', String(inflight)];
  const command = pinned(cpus, ['node', join(here, 'loadgen.mjs'),
    '--url', `http://127.0.0.1:${server.port}`, '--connections', String(connections), ...load,
    '--warmup', String(warmupS), '--duration', String(durationS), '--server-pid', String(server.pid),
    ...(server.requestIds === false ? ['--request-ids', 'off'] : [])]);
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => code === 0 ? resolve(JSON.parse(output.trim().split('\n').pop()))
      : reject(new Error(`loadgen against ${server.name} exited with ${code}`)));
  });
}
