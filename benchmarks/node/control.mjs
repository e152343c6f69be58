// The Node server's side of the loopback control channel (the same protocol as the Java servers'
// ControlChannel): one command per line on stdin, one answer line on stdout. `gc` -> full GC
// (needs node --expose-gc), then "GC heapUsed=<bytes> rss=<KiB>"; `webhook <i>` -> publish(i),
// then "PUBLISHED <i>". The process exits when stdin ends (the orchestrator is gone).
import { createInterface } from 'node:readline';
import { epochMicros } from './clock.mjs';

export function webhookData(i) {
  return { i, sentUs: epochMicros() };
}

export function startControl(publish) {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, argument] = line.trim().split(' ');
    if (command === 'gc') {
      if (!global.gc) throw new Error('start node with --expose-gc');
      global.gc();
      global.gc();
      const { heapUsed, rss } = process.memoryUsage();
      console.log(`GC heapUsed=${heapUsed} rss=${Math.round(rss / 1024)}`);
    } else if (command === 'webhook') {
      publish(Number(argument));
      console.log(`PUBLISHED ${argument}`);
    } else {
      console.log(`UNKNOWN ${line}`);
    }
  });
  lines.on('close', () => process.exit(0));
}
