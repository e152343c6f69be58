// Spreads N client connections over several clients.mjs processes (at most PER_PROCESS each, so
// every process stays well under the machine's 20000 file descriptors) and talks to all of them
// at once: connect, `enter`, `collect`, close.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { stdoutLines } from './stdout-lines.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const PER_PROCESS = 5000;
const live = new Set();

function start(url, connections, limitS) {
  const child = spawn('node', [join(here, 'clients.mjs'), '--url', url, '--connections', String(connections),
    '--limit', String(limitS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  return { child, lines: stdoutLines(child) };
}

function nextLine(proc, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client process: no answer within ${timeoutMs} ms`)), timeoutMs);
    proc.lines.next().then((line) => { clearTimeout(timer); resolve(line); });
    proc.child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
  });
}

/** Starts ceil(n / PER_PROCESS) processes (at least `minProcesses`) and waits until all connected. */
export async function connectClients(url, n, { minProcesses = 1, limitS = 600 } = {}) {
  const count = Math.max(minProcesses, Math.ceil(n / PER_PROCESS));
  const procs = Array.from({ length: count }, (_, index) =>
    start(url, Math.floor(n / count) + (index < n % count ? 1 : 0), limitS));
  const answers = await Promise.all(procs.map((proc) => nextLine(proc, 180_000)));
  const connected = answers.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
  return { procs, connected, failed: n - connected };
}

/** Every socket sends these events in order, acked; resolves with how many sockets got through all. */
export async function enter(group, events) {
  for (const proc of group.procs) proc.child.stdin.write(`enter ${events.join(',')}\n`);
  const answers = await Promise.all(group.procs.map((proc) => nextLine(proc, 180_000)));
  return answers.reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
}

/** Merges every process's webhook latencies: one histogram, per-event deliveries and latest arrival. */
export async function collect(group) {
  for (const proc of group.procs) proc.child.stdin.write('collect\n');
  const answers = await Promise.all(group.procs.map((proc) => nextLine(proc, 60_000)));
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  const perEvent = new Map();
  let received = 0;
  let disconnected = 0;
  let clockDriftUs = 0;
  for (const line of answers) {
    const result = JSON.parse(line.slice('RESULT '.length));
    histogram.add(hdr.decodeFromCompressedBase64(result.histogram));
    received += result.received;
    disconnected += result.disconnected;
    if (Math.abs(result.clockDriftUs) > Math.abs(clockDriftUs)) clockDriftUs = result.clockDriftUs;
    for (const [i, [deliveries, latestUs]] of result.perEvent) {
      const seen = perEvent.get(i) ?? [0, 0];
      perEvent.set(i, [seen[0] + deliveries, Math.max(seen[1], latestUs)]);
    }
  }
  return { histogram, perEvent, received, disconnected, clockDriftUs };
}

/** Ends the processes (end of stdin closes their sockets) and waits until they are gone. */
export async function closeClients(group) {
  await Promise.all(group.procs.map((proc) => new Promise((resolve) => {
    if (proc.child.exitCode !== null) return resolve();
    proc.child.once('exit', resolve);
    proc.child.stdin.end();
    setTimeout(() => proc.child.kill('SIGKILL'), 10_000).unref();
  })));
}

export function killClients() {
  for (const child of live) child.kill('SIGKILL');
}
