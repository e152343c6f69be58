// Scenario "memory" (docs/benchmarks-scenarios.md): memory per idle connection. Each server is
// started once, warmed up (a few hundred connections that join and leave, so classes and caches
// are in place), then measured with 0 connections: full GC, used heap and RSS, over its control
// channel. For each count, each server in turn (A B C): that many idle socket.io-client
// connections from several client processes, measured again ("connected"), then every socket
// joins one integration room and it is measured a third time ("joined"); the clients then close.
// Per connection = (measurement - the 0-connection one) / connections. This machine's hard limit
// of 20000 file descriptors per process means a server cannot hold 20000 sockets: the default
// counts are 10000 and 19500. For server-core, jcmd's class histograms at 0 and n connections
// give the heap per connection by class (memory-classes-*.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, stopServer, killAll, gcAndMeasure } from './servers.mjs';
import { connectClients, enter, closeClients, killClients } from './client-procs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '../target/results') },
    'base-port': { type: 'string', default: '17301' },
    servers: { type: 'string', default: 'server-core,raw,node' },
    counts: { type: 'string' },
  },
});
const plan = {
  counts: (args.counts ?? (args.quick ? '5000' : '10000,19500')).split(',').map(Number),
  servers: args.servers.split(','),
};

const cleanUp = () => { killClients(); killAll(); };
process.on('SIGINT', () => { cleanUp(); process.exit(130); });
process.on('SIGTERM', () => { cleanUp(); process.exit(143); });
process.on('exit', cleanUp);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's own view of how many sockets it holds (open file descriptors), for the record. */
function openFds(pid) {
  return Number(execFileSync('sh', ['-c', `ls /proc/${pid}/fd | wc -l`]).toString().trim());
}

/** jcmd GC.class_histogram (after a full GC) as Map class name -> [instances, bytes]. */
function classHistogram(pid) {
  const text = execFileSync('jcmd', [String(pid), 'GC.class_histogram'], { maxBuffer: 256 << 20 }).toString();
  const classes = new Map();
  for (const match of text.matchAll(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/gm)) {
    classes.set(match[3], [Number(match[1]), Number(match[2])]);
  }
  return classes;
}

/**
 * Where the heap per connection goes: for each class, (bytes at n - bytes at 0 connections) / n,
 * the largest first, with who owns the class, as a Markdown table.
 */
function perConnectionClasses(before, after, n, top = 30) {
  const owner = (className) => {
    const name = className.replace(/^\[+L/, '');  // arrays: the element's owner
    return name.startsWith('io.integrationsrealtime') ? 'server-core'
      : name.startsWith('com.corundumstudio') ? 'netty-socketio' : name.startsWith('io.netty') ? 'netty' : 'JDK (shared)';
  };
  const rows = [...after.entries()].map(([name, [instances, bytes]]) => {
    const [instances0, bytes0] = before.get(name) ?? [0, 0];
    return { name, owner: owner(name), instances: (instances - instances0) / n, bytes: (bytes - bytes0) / n };
  }).sort((a, b) => b.bytes - a.bytes);
  const byOwner = new Map();
  for (const row of rows) byOwner.set(row.owner, (byOwner.get(row.owner) ?? 0) + row.bytes);
  return ['| class | owner | instances per connection | bytes per connection |', '|---|---|---:|---:|',
    ...rows.slice(0, top).map((row) => `| \`${row.name}\` | ${row.owner} | ${row.instances.toFixed(2)} | ${Math.round(row.bytes)} |`),
    '', '| owner | bytes per connection (all classes) |', '|---|---:|',
    ...[...byOwner.entries()].map(([name, bytes]) => `| ${name} | ${Math.round(bytes)} |`)].join('\n') + '\n';
}

async function warmUp(server) {
  const group = await connectClients(`http://127.0.0.1:${server.port}`, 500);
  await enter(group, ['integration:join']);
  await closeClients(group);
  await sleep(2000);
}

const began = Date.now();
console.log(`memory plan: ${JSON.stringify(plan)}`);
mkdirSync(args.out, { recursive: true });
const servers = [];
for (const [index, name] of plan.servers.entries()) {
  const server = await startServer(name, Number(args['base-port']) + index, null);
  await warmUp(server);
  server.baseline = await gcAndMeasure(server);
  if (name === 'server-core') server.classes = classHistogram(server.pid);
  console.log(`memory ${name} with 0 connections: ${JSON.stringify(server.baseline)}`);
  servers.push(server);
}
const rows = [];
for (const n of plan.counts) {
  for (const server of servers) {
    const group = await connectClients(`http://127.0.0.1:${server.port}`, n, { minProcesses: 2 });
    await sleep(2000);
    const connected = await gcAndMeasure(server);
    const fds = openFds(server.pid);
    if (server.classes) {
      writeFileSync(join(args.out, `memory-classes-connected-${n}.md`), perConnectionClasses(server.classes, classHistogram(server.pid), group.connected));
    }
    const joinedSockets = await enter(group, ['integration:join']);
    await sleep(1000);
    const joined = await gcAndMeasure(server);
    if (server.classes) {
      writeFileSync(join(args.out, `memory-classes-joined-${n}.md`), perConnectionClasses(server.classes, classHistogram(server.pid), group.connected));
    }
    await closeClients(group);
    await sleep(3000);
    const closed = await gcAndMeasure(server);
    const per = (m, count) => ({
      heapBytes: Math.round((m.heapUsed - server.baseline.heapUsed) / count),
      rssBytes: Math.round(((m.rssKib - server.baseline.rssKib) * 1024) / count),
    });
    const row = {
      server: server.name, connections: n, connected: group.connected, failed: group.failed, joined: joinedSockets, serverFds: fds,
      baseline: server.baseline, measuredConnected: connected, measuredJoined: joined, afterClose: closed,
      perConnected: per(connected, group.connected), perJoined: per(joined, group.connected),
    };
    rows.push(row);
    console.log(`memory ${server.name} ${group.connected} connections: connected ${JSON.stringify(row.perConnected)}, `
      + `joined ${JSON.stringify(row.perJoined)} per connection; heap after close ${closed.heapUsed}`);
  }
}
for (const server of servers) await stopServer(server);

const kb = (bytes) => (bytes / 1024).toFixed(1);
const mb = (bytes) => (bytes / 1048576).toFixed(1);
const verdict = (row) => (row.perConnected.heapBytes <= 8192 && row.perConnected.rssBytes <= 20480 ? 'met' : 'missed');
const lines = ['Memory per idle connection (KiB): (measurement - the same at 0 connections) / connections; heap = used heap '
  + 'after full GC (JVM: MemoryMXBean; Node: process.memoryUsage().heapUsed), RSS = VmRSS.', '',
  '| server | connections | heap, connected | RSS, connected | heap, + joined 1 room | RSS, + joined 1 room | baseline heap / RSS (MiB) | heap after close (MiB) | target <= 8 / 20 KiB |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---|'];
for (const row of rows) {
  lines.push(`| ${row.server} | ${row.connected}${row.failed ? ` (${row.failed} failed)` : ''} | ${kb(row.perConnected.heapBytes)} | `
    + `${kb(row.perConnected.rssBytes)} | ${kb(row.perJoined.heapBytes)} | ${kb(row.perJoined.rssBytes)} | `
    + `${mb(row.baseline.heapUsed)} / ${mb(row.baseline.rssKib * 1024)} | ${mb(row.afterClose.heapUsed)} | ${verdict(row)} |`);
}
const summary = lines.join('\n') + '\n';
writeFileSync(join(args.out, 'memory.json'), JSON.stringify({ plan, rows }, null, 1));
writeFileSync(join(args.out, 'memory.md'), summary);
console.log(`\n${summary}\nmemory took ${Math.round((Date.now() - began) / 1000)} s; results in ${args.out}`);
