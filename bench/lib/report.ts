import { replaceSection } from './results-file.js';
import type { CpuShares } from './cpu-usage.js';
import type { DurabilityReport } from './durability.js';
import type { Machine } from './machine.js';
import type { BenchOptions, TargetName } from './options.js';

export interface TargetResult {
  target: TargetName;
  /** Which round of the run (1, 2, …): every target runs once a round. */
  round: number;
  /** 201 answers per second of the measured run. */
  rate: number;
  created: number;
  seconds: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  failures: string[];
  cpu: CpuShares;
  /** Server CPU time per 201 answer: what one request costs, however busy the machine was. */
  cpuUsPerRequest: number | null;
  durability: DurabilityReport | null;
  /** Null for the ceiling, which has no target. */
  goal: { rate: number; p99: number | null } | null;
}

export const GOALS: Partial<Record<TargetName, { rate: number; p99: number | null }>> = {
  sqlite: { rate: 5000, p99: 25 },
  postgres: { rate: 2500, p99: null },
};

/**
 * Each target's median round by invitations/s (the lower middle one for an even count): this
 * machine's speed drifts by tens of percent from one minute to the next, so one round of a target
 * can land in a slow minute and another in a fast one.
 */
export function medianRounds(all: TargetResult[]): TargetResult[] {
  const targets = [...new Set(all.map((r) => r.target))];
  return targets.map((t) => {
    const rounds = all.filter((r) => r.target === t).sort((a, b) => a.rate - b.rate);
    return rounds[Math.floor((rounds.length - 1) / 2)];
  });
}

/** One line a target: its rate in every round, with the ratio to the ceiling of the same round. */
export function roundLines(all: TargetResult[], medians: TargetResult[]): string[] {
  return medians.map((m) => {
    const rounds = all.filter((r) => r.target === m.target).sort((a, b) => a.round - b.round).map((r) => {
      const ceiling = all.find((c) => c.target === 'ceiling' && c.round === r.round);
      const ratio = r.target !== 'ceiling' && ceiling && ceiling.rate > 0 ? ` (${fmt(r.rate / ceiling.rate, 3)})` : '';
      return `round ${r.round}: ${fmt(r.rate)}/s${ratio}, p99 ${r.p99} ms`;
    });
    return `- **${m.target}**: ${rounds.join(' · ')}; the table shows round ${m.round}.`;
  });
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function verdict(r: TargetResult): string {
  const parts: string[] = [];
  if (r.errors + r.timeouts + r.non2xx > 0) parts.push('ERRORS');
  if (r.durability && !r.durability.ok) parts.push('DURABILITY FAILED');
  if (r.goal) {
    const rateOk = r.rate >= r.goal.rate;
    const p99Ok = r.goal.p99 === null || r.p99 <= r.goal.p99;
    const want = `≥ ${fmt(r.goal.rate)}/s${r.goal.p99 === null ? '' : `, p99 ≤ ${r.goal.p99} ms`}`;
    parts.push(`${rateOk && p99Ok ? 'met' : 'MISSED'} (${want})`);
  }
  return parts.length > 0 ? parts.join('; ') : '—';
}

function rows(results: TargetResult[]): string[][] {
  const ceiling = results.find((r) => r.target === 'ceiling');
  return results.map((r) => [
    r.target,
    fmt(r.rate),
    ceiling && ceiling.rate > 0 ? `${fmt(r.rate / ceiling.rate, 3)}` : 'n/a',
    `${r.p50}`, `${r.p99}`, `${r.p999}`, `${r.max}`,
    r.cpuUsPerRequest === null ? 'n/a' : fmt(r.cpuUsPerRequest),
    `${r.non2xx} / ${r.errors} / ${r.timeouts}`,
    r.durability ? (r.durability.ok ? 'ok' : 'FAILED') : '—',
    verdict(r),
  ]);
}

const HEAD = ['target', 'invitations/s', 'ratio to ceiling', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'server CPU µs/req', 'non-2xx / errors / timeouts', 'durable', 'target'];

export function consoleTable(results: TargetResult[]): string {
  const all = [HEAD, ...rows(results)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...rows(results).map(line)].join('\n');
}

export function markdownSection(
  all: TargetResult[], machine: Machine, options: BenchOptions, startedAt: Date,
  crashed: { target: TargetName; message: string }[] = [],
): string {
  const results = medianRounds(all);
  const table = [HEAD, HEAD.map(() => '---'), ...rows(results)].map((r) => `| ${r.join(' | ')} |`).join('\n');
  const durability = all.filter((r) => r.durability).map((r) => {
    const d = r.durability as DurabilityReport;
    return `- **${r.target}**, round ${r.round}: ${d.ok ? 'PASS' : '**FAIL**'}: ${d.note}. Acknowledged (warm-up + measured) ${fmt(d.acked)}; `
      + `stored guests ${fmt(d.guests)}, invitations ${fmt(d.invitations)}, outbox mails ${fmt(d.outbox)}, audit records ${fmt(d.audit)}.`
      + (d.missing.length > 0 ? ` First missing: ${d.missing.join(', ')}.` : '');
  }).join('\n');
  const failures = [
    ...crashed.map((c) => `- **${c.target}**: NOT MEASURED: \`${c.message.split('\n')[0].replace(/`/g, "'")}\``),
    ...all.filter((r) => r.failures.length > 0 || r.errors + r.timeouts > 0)
      .map((r) => `- **${r.target}**, round ${r.round}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts. ${r.failures.map((f) => `\`${f.replace(/`/g, "'")}\``).join(' ')}`),
  ].join('\n');
  return [
    '',
    `## Latest run: ${startedAt.toISOString()}`,
    '',
    `Portico at ${machine.revision}. ${options.connections} connections, ${options.duration} s measured per target after ${options.warmup} s of warm-up, `
      + `server stopped with ${options.stopSignal} before the durability check; ${options.rounds} round${options.rounds === 1 ? '' : 's'} of the targets in turn, `
      + 'each target\'s median round (by invitations/s) in the table.',
    '',
    table,
    '',
    'Latencies are autocannon\'s, of 2xx answers only, in whole milliseconds. The ratio is invitations/s over the ceiling\'s requests/s (medians of the rounds).',
    '',
    '### Rounds (ratio to the ceiling of the same round)',
    ...roundLines(all, results),
    '',
    '### CPU during the measured runs (percent of one core; the machine has ' + machine.cores + ' cores)',
    '| target | server | load generator | postgres backends | other processes | steal |',
    '| --- | --- | --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.target} | ${[r.cpu.server, r.cpu.loadGenerator, r.cpu.postgres, r.cpu.others, r.cpu.steal].map((v) => (v === null ? 'n/a' : `${v}%`)).join(' | ')} |`),
    '',
    'Other processes are anything else on the machine (a busy shared machine shows here); the server\'s CPU time per request does not depend on them.',
    '',
    '### Durability',
    durability || '- (no Portico target ran)',
    ...(failures ? ['', '### ERRORS', failures] : []),
    '',
    '### Machine',
    `- ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB memory, Linux ${machine.kernel}`,
    `- Node ${machine.node}; SQLite ${machine.sqlite}; PostgreSQL ${machine.postgres}`,
    `- ${machine.packages}`,
    `- temp-folder write + fdatasync median: ${machine.fsyncMs} ms`,
    '',
  ].join('\n');
}

const DEFAULT_HEADER = `# POST /invitations benchmark

Run \`npm run bench:invite\` (three rounds of 20 s per target, the targets in turn; \`npm run bench:invite -- --rounds 1 --duration 5 --warmup 1\` for a quick check,
\`--targets sqlite\` for one target, \`--help\` for the rest). It needs PostgreSQL at
postgres://postgres@127.0.0.1:5432/test (\`--pg-url\`), where it creates and drops a \`portico_bench_*\` database.

What is measured: autocannon in the benchmark process drives \`POST /v1.0/invitations\` on a server in its own
process, with 64 connections, every request a new address with \`sendInvitationMessage: true\` and a valid app
token. The targets are Portico over a SQLite file (WAL, synchronous=FULL), Portico over PostgreSQL, and the
ceiling: a bare Fastify route answering 201 on the same machine in the same run. After each Portico run the
server is killed and the database reopened directly: every acknowledged address must have its guest user,
invitation, outbox mail and audit record. Results are written here, never asserted.

Read the figures with the CPU table beside them: this is a 2-core machine shared by the load generator, the
server, PostgreSQL and whatever else runs. "server CPU µs/req" (the server process's CPU time over the 201s it
sent) does not depend on how busy the machine was, so it is the figure to compare between runs and commits.

`;

/** Replaces the invitation benchmark's part of RESULTS.md, leaving the other benchmarks' alone. */
export function writeResults(path: string, section: string): void {
  replaceSection(path, 'invite', section, DEFAULT_HEADER);
}
