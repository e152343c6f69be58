// Starts the compared servers as their own processes (optionally pinned with taskset) and stops
// them. Each prints "READY <port>" once it listens on 127.0.0.1.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = join(here, '..');
const javaClasspath = `${join(moduleDir, 'target/classes')}:${join(moduleDir, 'target/lib/*')}`;
// The same heap for both JVMs; everything else is the JVM's default ergonomics.
const JVM = ['-Xms512m', '-Xmx512m'];

/** name -> how to start it on a port. Order = the A B C D alternation order. */
export const SERVERS = {
  'server-core': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.ServerCoreBenchServer', port],
  'raw-manual': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.RawAckEchoServer', port, 'manual'],
  'raw-inline': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.RawAckEchoServer', port, 'inline'],
  node: (port) => ['node', join(here, 'execute-server.mjs'), port],
};

const running = new Set();

/** `taskset -c <cpus>` before a command, or nothing when cpus is null. */
export function pinned(cpus, command) {
  return cpus == null ? command : ['taskset', '-c', String(cpus), ...command];
}

export function startServer(name, port, cpus) {
  const [command, ...args] = pinned(cpus, SERVERS[name](String(port)));
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s`)), 30_000);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/READY \d+/.test(output)) {
        clearTimeout(timer);
        resolve({ name, port, pid: child.pid, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
}

export async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Kills whatever is still running (on error or Ctrl-C). */
export function killAll() {
  for (const child of running) child.kill('SIGKILL');
}
