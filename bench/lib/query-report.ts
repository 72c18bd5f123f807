import { replaceSection } from './results-file.js';
import type { CpuShares } from './cpu-usage.js';
import type { Timing } from './in-process.js';
import type { Machine } from './machine.js';
import type { PlanReport } from './plans.js';
import type { HttpOutcome } from './query-load.js';
import type { Dialect, QueryBenchOptions } from './query-options.js';

export interface ScenarioResult {
  name: string;
  indexed: boolean;
  inProcess: Timing;
  http: (HttpOutcome & { cpuUs: number | null; cpu: CpuShares }) | null;
}

export interface SizeRun {
  dialect: Dialect;
  users: number;
  twinUsers: number;
  seedSeconds: number;
  /** Requests a second a bare Fastify GET answered just before this size's HTTP runs, or null without HTTP runs. */
  ceiling: number | null;
  scenarios: ScenarioResult[];
  plans: PlanReport[] | null;
}

const SEED_TARGET_S = 120;
const RATIO_TARGET = 1.5;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? fmt(n, 3) : fmt(n, 1));

function table(head: string[], rows: string[][]): string {
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function seedingRows(runs: SizeRun[]): string[][] {
  return runs.map((r) => [r.dialect, fmt(r.users), fmt(r.twinUsers), fmt(r.seedSeconds, 1),
    r.users >= 1_000_000 ? (r.seedSeconds < SEED_TARGET_S ? 'met (< 120 s)' : 'MISSED (< 120 s)') : '—']);
}

function figureRows(runs: SizeRun[]): string[][] {
  return runs.flatMap((r) => r.scenarios.map((s) => {
    const h = s.http;
    return [r.dialect, fmt(r.users), s.name, ms(s.inProcess.p50), ms(s.inProcess.p99), fmt(s.inProcess.rate), fmt(s.inProcess.cpuUs), fmt(s.inProcess.rows, 1),
      h ? fmt(h.rate) : '—', h && r.ceiling ? fmt(h.rate / r.ceiling, 3) : '—', h ? `${h.p50}` : '—', h ? `${h.p99}` : '—', h?.cpuUs == null ? '—' : fmt(h.cpuUs),
      h ? `${h.non2xx} / ${h.errors} / ${h.timeouts}` : '—'];
  }));
}

/** Largest over smallest size, per dialect and query: latency and CPU ratios (1.0 = no growth). */
function ratioRows(runs: SizeRun[]): string[][] {
  const out: string[][] = [];
  for (const dialect of [...new Set(runs.map((r) => r.dialect))]) {
    const mine = runs.filter((r) => r.dialect === dialect).sort((a, b) => a.users - b.users);
    if (mine.length < 2) continue;
    const [small, large] = [mine[0], mine[mine.length - 1]];
    for (const s of large.scenarios) {
      const b = small.scenarios.find((x) => x.name === s.name);
      if (!b) continue;
      const p50 = s.inProcess.p50 / b.inProcess.p50;
      const cpu = s.inProcess.cpuUs / b.inProcess.cpuUs;
      const httpRate = s.http && b.http && s.http.rate > 0 && b.http.rate > 0 ? b.http.rate / s.http.rate : null;
      const httpCpu = s.http?.cpuUs && b.http?.cpuUs ? s.http.cpuUs / b.http.cpuUs : null;
      const ok = p50 <= RATIO_TARGET || cpu <= RATIO_TARGET;
      out.push([dialect, `${fmt(large.users)} / ${fmt(small.users)}`, s.name, fmt(p50, 2), fmt(cpu, 2),
        httpRate === null ? '—' : fmt(httpRate, 2), httpCpu === null ? '—' : fmt(httpCpu, 2),
        s.indexed ? (ok ? `met (≤ ${RATIO_TARGET}×)` : `MISSED (≤ ${RATIO_TARGET}×)`) : '—']);
    }
  }
  return out;
}

function targetLines(runs: SizeRun[]): string[] {
  const lines: string[] = [];
  for (const r of runs.filter((x) => x.dialect === 'sqlite')) {
    const e = r.scenarios.find((s) => s.name.startsWith('existence'));
    if (!e) continue;
    lines.push(`- SQLite, ${fmt(r.users)} users: existence query p50 in-process ${ms(e.inProcess.p50)} ms — ${e.inProcess.p50 <= 1 ? 'met' : 'MISSED'} (≤ 1 ms)`
      + (e.http ? `; over HTTP ${fmt(e.http.rate)} lookups/s — ${e.http.rate >= 10_000 ? 'met' : 'MISSED'} (≥ 10,000/s)` : '')
      + (e.http && r.ceiling ? `; the bare Fastify ceiling answered ${fmt(r.ceiling)}/s just before (ratio ${fmt(e.http.rate / r.ceiling, 3)})` : ''));
  }
  return lines;
}

function planSection(r: SizeRun): string {
  const plans = r.plans ?? [];
  const scans = plans.filter((p) => p.pageScan).length;
  const rows = plans.map((p) => [`\`${(p.label.length > 120 ? `${p.label.slice(0, 120)}…` : p.label).replaceAll('|', '\\|')}\``,
    p.pageScan ? `**FULL SCAN**: ${p.pageScan}` : p.indexes.join(', '),
    [p.pageSort ? `first page sorts (${p.pageSort})` : '', p.countScan ? `count scans (${p.countScan})` : ''].filter(Boolean).join('; ') || '—']);
  return [`#### ${r.dialect}, ${fmt(r.users)} users: ${plans.length} queries, ${scans === 0 ? 'every first page read through indexes' : `${scans} FULL SCAN(S)`}`,
    '', '<details><summary>plans</summary>', '', table(['query', 'first page reads', 'notes'], rows), '', '</details>'].join('\n');
}

/** How much CPU other processes took during the HTTP runs: a busy machine shows here. */
function busyLine(runs: SizeRun[]): string {
  const others = runs.flatMap((r) => r.scenarios.map((s) => s.http?.cpu.others)).filter((v): v is number => typeof v === 'number');
  if (others.length === 0) return 'No HTTP runs.';
  const mean = Math.round(others.reduce((a, b) => a + b, 0) / others.length);
  return `During the HTTP runs other processes used on average ${mean} % of one core${mean > 50 ? ': **measured under load**, read the CPU-time columns and the ratios, not the rates' : ''}.`;
}

export function consoleReport(runs: SizeRun[], _options: QueryBenchOptions): string {
  const text = (head: string[], rows: string[][]) => {
    const all = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    return all.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
  };
  return [text(SEED_HEAD, seedingRows(runs)), '', text(FIGURE_HEAD, figureRows(runs)), '', text(RATIO_HEAD, ratioRows(runs)), '', ...targetLines(runs)].join('\n');
}

const SEED_HEAD = ['dialect', 'users', 'twin tenant', 'seconds', 'target'];
const FIGURE_HEAD = ['dialect', 'users', 'query', 'in-process p50 ms', 'p99 ms', 'calls/s', 'CPU µs/call', 'rows', 'HTTP req/s', 'ratio to ceiling', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'non-2xx / errors / timeouts'];
const RATIO_HEAD = ['dialect', 'users', 'query', 'in-process p50 ratio', 'CPU/call ratio', 'HTTP req/s ratio', 'server CPU/req ratio', 'target'];


export function markdownReport(runs: SizeRun[], options: QueryBenchOptions, machine: Machine, startedAt: Date, crashed: string[]): string {
  return [
    '',
    `## Latest run: ${startedAt.toISOString()}`,
    '',
    `Portico at ${machine.revision}. Sizes ${options.sizes.map((s) => fmt(s)).join(', ')}; ${options.inProcess} s in-process and `
      + `${options.duration} s over HTTP at ${options.connections} connections per query, after ${options.warmup} s of warm-up; `
      + `the server ran as ${options.workers} process${options.workers === 1 ? '' : 'es'} on one port (\`portico serve --workers ${options.workers}\`).`,
    '',
    busyLine(runs),
    '',
    ...(crashed.length > 0 ? ['**NOT MEASURED:**', ...crashed.map((c) => `- \`${c.split('\n')[0].replaceAll('`', "'")}\``), ''] : []),
    '### Targets', ...targetLines(runs), '',
    '### Seeding', table(SEED_HEAD, seedingRows(runs)), '',
    '### Figures', table(FIGURE_HEAD, figureRows(runs)), '',
    'In-process: one call after another through the route\'s steps (bench/lib/in-process.ts); CPU µs/call is this process\'s CPU time a call. '
      + 'HTTP: autocannon\'s latencies in whole ms; ratio to ceiling is the rate over that of a bare Fastify GET (one process) measured just before the size\'s HTTP runs; server CPU µs/req is the server processes\' CPU time per 200.',
    '',
    '### Growth from the smallest to the largest directory', table(RATIO_HEAD, ratioRows(runs)), '',
    'Ratios are large over small (HTTP req/s: small over large), so 1.00 means no growth. An indexed query meets the target when its '
      + 'p50 or its CPU per call grew by at most 1.5× (CPU time is the figure a busy machine does not distort).',
    '',
    '### Query plans', ...runs.filter((r) => r.plans).map(planSection), '',
    '### Machine',
    `- ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, Linux ${machine.kernel}`,
    `- Node ${machine.node}; SQLite ${machine.sqlite}; PostgreSQL ${machine.postgres}`,
    `- ${machine.packages}`,
    '',
  ].join('\n');
}

/** Replaces the query benchmark's part of RESULTS.md, leaving the other benchmarks' alone. */
export function writeQueryResults(path: string, section: string): void {
  replaceSection(path, 'query', section);
}
