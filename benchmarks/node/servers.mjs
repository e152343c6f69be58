// Starts the compared servers as their own processes (optionally pinned with taskset) and stops
// them. Each prints "READY <port>" once it listens on 127.0.0.1, then answers control commands on
// its stdin (see control()); each exits when its stdin ends, so none outlives the orchestrator.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { stdoutLines } from './stdout-lines.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = join(here, '..');
const javaClasspath = `${join(moduleDir, 'target/classes')}:${join(moduleDir, 'target/lib/*')}`;
// The same heap for both JVMs; everything else is the JVM's default ergonomics. BENCH_JVM_OPTS
// adds flags for a look inside (e.g. "-Xlog:gc:file=/tmp/gc.log" or a JFR recording).
const JVM = ['-Xms512m', '-Xmx512m', ...(process.env.BENCH_JVM_OPTS ?? '').split(' ').filter(Boolean)];

/** name -> how to start it on a port. Order = the A B C D alternation order. */
export const SERVERS = {
  'server-core': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.ServerCoreBenchServer', port],
  // The same with the documented opt-in for backends that never block (backendExecutor(Runnable::run)):
  // what the executor hand-off costs.
  'server-core-direct': (port) => ['java', ...JVM, '-Dbench.executor=direct', '-cp', javaClasspath,
    'io.integrationsrealtime.benchmarks.ServerCoreBenchServer', port],
  'raw-manual': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.RawAckEchoServer', port, 'manual'],
  'raw-inline': (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.RawAckEchoServer', port, 'inline'],
  node: (port) => ['node', '--expose-gc', join(here, 'execute-server.mjs'), port],
  // For the fan-out and memory scenarios, where the ack mode does not matter.
  raw: (port) => ['java', ...JVM, '-cp', javaClasspath, 'io.integrationsrealtime.benchmarks.RawAckEchoServer', port, 'inline'],
};

const running = new Set();

/** `taskset -c <cpus>` before a command, or nothing when cpus is null. */
export function pinned(cpus, command) {
  return cpus == null ? command : ['taskset', '-c', String(cpus), ...command];
}

/**
 * The classpath of `server-core-before[@variant]`: the benchmarks module built from an earlier
 * commit, for a before/after within one run, e.g.
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -q -Pbenchmarks -pl benchmarks -am package -DskipTests -Dnpm.skip=true)
 *   BENCH_BEFORE=/tmp/before/benchmarks benchmarks/run.sh servers --servers server-core-before,server-core
 */
function baselineClasspath() {
  const dir = process.env.BENCH_BEFORE;
  if (!dir) throw new Error('server-core-before needs BENCH_BEFORE=<an earlier checkout>/benchmarks (built with -Pbenchmarks)');
  return `${join(dir, 'target/classes')}:${join(dir, 'target/lib/*')}`;
}

/**
 * How to start {@code name}: one of SERVERS, `server-core-before` (see baselineClasspath), or
 * `server-core@<variant>` / `server-core-before@<variant>` for an A/B run, where the
 * variant is `+`-joined tokens: a backend pool's kind (ServerCoreBenchServer's -Dbench.executor:
 * direct, fixed:N, fj:N) and features a user switches on (its -Dbench.features: metrics, tracing,
 * tracing10, netty-layer, pool, backend-spans: tracing with a backend span per run, workers<N>: N netty
 * event loops instead of netty-socketio's default of 2 x cores), e.g. `server-core@metrics`, `server-core@tracing+direct`; and
 * `no-request-ids`, which changes the load, not the server: its load generators send no
 * `requestId`, so the server neither fingerprints nor records requests for idempotent retries
 * (the difference to the same server with ids is what that costs).
 */
function commandFor(name, port) {
  if (name === 'server-core-before') return commandFor('server-core-before@', port);
  const variant = /^server-core(-before)?@(.*)$/.exec(name);
  if (variant) {
    const classpath = variant[1] ? baselineClasspath() : javaClasspath;
    const tokens = variant[2].split('+').filter((t) => t && t !== 'no-request-ids');
    const features = tokens.filter((t) => ['metrics', 'tracing', 'tracing10', 'netty-layer', 'pool', 'backend-spans'].includes(t)
      || /^workers[0-9]+$/.test(t));
    const executors = tokens.filter((t) => !features.includes(t));
    if (executors.length > 1) throw new Error(`${name}: more than one executor`);
    return ['java', ...JVM, ...executors.map((e) => `-Dbench.executor=${e}`),
      ...(features.length ? [`-Dbench.features=${features.join(',')}`] : []), '-cp', classpath,
      'io.integrationsrealtime.benchmarks.ServerCoreBenchServer', port];
  }
  if (!SERVERS[name]) throw new Error(`unknown server ${name} (${Object.keys(SERVERS).join(', ')}, server-core@<variant>)`);
  return SERVERS[name](port);
}

export function startServer(name, port, cpus) {
  const [command, ...args] = pinned(cpus, commandFor(name, String(port)));
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const server = { name, port, pid: child.pid, child, lines: stdoutLines(child),
    requestIds: !/^server-core(-before)?@(.+\+)?no-request-ids(\+|$)/.test(name) };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within 30 s`));
    }, 30_000);
    const awaitReady = () => nextLine(server).then((line) => {
      if (!/^READY \d+/.test(line)) return awaitReady();  // e.g. a log line
      clearTimeout(timer);
      resolve(server);
    });
    awaitReady();
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
}

function nextLine(server) {
  return server.lines.next();
}

/**
 * Sends one control command (`gc`, `webhook <i>`) and resolves with its answer line, skipping
 * anything else the server printed; fails after 60 s.
 */
export async function control(server, command) {
  const expected = command.split(' ')[0] === 'gc' ? 'GC ' : 'PUBLISHED ';
  server.child.stdin.write(`${command}\n`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const line = await Promise.race([nextLine(server), new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`${server.name}: no answer to "${command}"`)), Math.max(0, deadline - Date.now())).unref())]);
    if (line.startsWith(expected) || line.startsWith('UNKNOWN')) return line;
  }
}

/** `gc` -> { heapUsed (bytes), rssKib }. */
export async function gcAndMeasure(server) {
  const match = /heapUsed=(\d+) rss=(-?\d+)/.exec(await control(server, 'gc'));
  return { heapUsed: Number(match[1]), rssKib: Number(match[2]) };
}

export async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.stdin.end();
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Kills whatever is still running (on error or Ctrl-C). */
export function killAll() {
  for (const child of running) child.kill('SIGKILL');
}
