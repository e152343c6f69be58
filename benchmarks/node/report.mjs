// Turns the rows of a benchmark run into CSV and a Markdown summary: one table of measurements,
// one of per-pair ratios (each ratio is taken within one repetition, server-core's run and the
// other server's run next to it, then the median over repetitions is reported).
const COLUMNS = ['placement', 'server', 'connections', 'inflight', 'rep', 'seconds', 'roundTrips', 'errors', 'rtPerSec',
  'serverCpuS', 'serverCpuUsPerRt', 'serverCpuPct', 'loadgenCpuPct', 'p50Us', 'p99Us', 'p999Us', 'maxUs', 'serverRssKib', 'unanswered'];

export function toCsv(rows) {
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => row[column]).join(','))].join('\n') + '\n';
}

function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const fixed = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function measurements(rows, plan, placement) {
  const lines = [`| server | conns x in flight | rt/s | server CPU us/rt | server CPU % | p50 us | p99 us | p99.9 us | loadgen CPU % | errors |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const connections of plan.connections) {
    for (const server of plan.servers) {
      const runs = rows.filter((row) => row.placement === placement && row.server === server && row.connections === connections);
      if (runs.length === 0) continue;
      const m = (key) => median(runs.map((row) => row[key]));
      lines.push(`| ${server} | ${connections} x ${plan.inflight} | ${fixed(m('rtPerSec'), 0)} | ${fixed(m('serverCpuUsPerRt'), 1)} | `
        + `${fixed(m('serverCpuPct'), 0)} | ${fixed(m('p50Us'), 0)} | ${fixed(m('p99Us'), 0)} | ${fixed(m('p999Us'), 0)} | `
        + `${fixed(m('loadgenCpuPct'), 0)} | ${runs.reduce((sum, row) => sum + row.errors + row.unanswered, 0)} |`);
    }
  }
  return lines.join('\n');
}

/** Median over repetitions of f(runs of that repetition by server name). */
function pairedRatio(rows, placement, connections, f) {
  const reps = [...new Set(rows.map((row) => row.rep))];
  return median(reps.map((rep) => {
    const byServer = Object.fromEntries(rows
      .filter((row) => row.placement === placement && row.connections === connections && row.rep === rep)
      .map((row) => [row.server, row]));
    return f(byServer);
  }));
}

function ratios(rows, plan, placement) {
  const cpu = (run) => run?.serverCpuUsPerRt ?? NaN;
  const rate = (run) => run?.rtPerSec ?? NaN;
  const bestRawCpu = (s) => {
    const best = Math.min(cpu(s['raw-manual']) || Infinity, cpu(s['raw-inline']) || Infinity);
    return Number.isFinite(best) ? best : NaN;
  };
  const bestRawRate = (s) => Math.max(rate(s['raw-manual']) || 0, rate(s['raw-inline']) || 0) || NaN;
  const verdict = (value, limit) => (Number.isFinite(value) ? (value <= limit ? 'met' : 'missed') : '-');
  const lines = [];
  // One table per server-core configuration that ran: the default, the direct opt-in, and any
  // server-core@<executor> A/B variant.
  for (const core of plan.servers.filter((name) => name.startsWith('server-core'))) {
    if (lines.length) lines.push('');
    lines.push(`\`${core}\`:`, '');
    lines.push('| conns x in flight | CPU/rt core/node (target <= 1.0, stretch 0.7) | CPU/rt core/raw-manual | '
      + 'CPU/rt core/best raw (target <= 1.15) | rt/s core/node | rt/s core/best raw |', '|---|---:|---:|---:|---:|---:|');
    for (const connections of plan.connections) {
      const r = (f) => pairedRatio(rows, placement, connections, f);
      const vsNode = r((s) => cpu(s[core]) / cpu(s.node));
      const vsBest = r((s) => cpu(s[core]) / bestRawCpu(s));
      lines.push(`| ${connections} x ${plan.inflight} | ${fixed(vsNode, 2)} (${verdict(vsNode, 1.0)}) | `
        + `${fixed(r((s) => cpu(s[core]) / cpu(s['raw-manual'])), 2)} | ${fixed(vsBest, 2)} (${verdict(vsBest, 1.15)}) | `
        + `${fixed(r((s) => rate(s[core]) / rate(s.node)), 2)} | ${fixed(r((s) => rate(s[core]) / bestRawRate(s)), 2)} |`);
    }
  }
  return lines.join('\n');
}

export function summarize(rows, plan) {
  const sections = [`Median of ${plan.reps} repetition(s); ${plan.warmupS} s warm-up + ${plan.durationS} s measured per run; `
    + `JS socket.io-client 4.8 load generator, ${plan.inflight} requests in flight per connection.`];
  for (const placement of plan.placements) {
    sections.push(`### ${placement}\n\n${measurements(rows, plan, placement)}\n\nRatios (per pair, median over repetitions):\n\n${ratios(rows, plan, placement)}`);
  }
  return sections.join('\n\n') + '\n';
}
