import { parseArgs } from 'node:util';

export type TargetName = 'ceiling' | 'sqlite' | 'postgres';
export const ALL_TARGETS: TargetName[] = ['ceiling', 'sqlite', 'postgres'];

export interface BenchOptions {
  duration: number;
  warmup: number;
  /** Rounds of every target, one after another; the report takes each target's median round. */
  rounds: number;
  connections: number;
  targets: TargetName[];
  pgUrl: string;
  /** How the server is stopped before the durability check: SIGKILL proves more than SIGTERM. */
  stopSignal: NodeJS.Signals;
  /** Processes of the Portico server (`portico serve --workers`); the ceiling is always one. */
  workers: number;
  /** Folder for `node --cpu-prof` profiles of the server processes, or null. */
  cpuProf: string | null;
  /** Where the generated section goes; null to only print. */
  results: string | null;
}

const HELP = `npm run bench:invite -- [options]
  --duration <s>       measured seconds per target (env BENCH_DURATION, default 20)
  --warmup <s>         warm-up seconds before each measured run (env BENCH_WARMUP, default 3; 0 for none)
  --connections <n>    autocannon connections (env BENCH_CONNECTIONS, default 64)
  --rounds <n>         rounds of all targets in turn; each target's median round is reported (env BENCH_ROUNDS, default 3)
  --targets <list>     comma list of ceiling,sqlite,postgres (env BENCH_TARGETS, default all)
  --pg-url <url>       admin URL of PostgreSQL (env BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test)
  --workers <n>        Portico server processes on the port, as portico serve --workers (default 1)
  --stop-signal <sig>  signal that stops Portico before the durability check (SIGKILL or SIGTERM, default SIGKILL)
  --cpu-prof <dir>     write V8 CPU profiles of the server processes into <dir>
  --no-write           print only; leave bench/RESULTS.md alone
env BENCH_SERVER_NODE_FLAGS: extra node flags for the server processes (e.g. --perf-basic-prof for Linux perf)`;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' }, rounds: { type: 'string' },
      targets: { type: 'string' }, workers: { type: 'string' }, 'pg-url': { type: 'string' }, 'stop-signal': { type: 'string' },
      'cpu-prof': { type: 'string' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const num = numberOption;
  const targets = (values.targets ?? env.BENCH_TARGETS ?? ALL_TARGETS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const t of targets) if (!ALL_TARGETS.includes(t as TargetName)) throw new Error(`unknown target '${t}'`);
  const stopSignal = (values['stop-signal'] ?? 'SIGKILL').toUpperCase();
  if (stopSignal !== 'SIGKILL' && stopSignal !== 'SIGTERM') throw new Error('--stop-signal must be SIGKILL or SIGTERM');
  return {
    duration: num(values.duration ?? env.BENCH_DURATION, 20, 'duration'),
    warmup: num(values.warmup ?? env.BENCH_WARMUP, 3, 'warmup'),
    rounds: Math.max(1, Math.round(num(values.rounds ?? env.BENCH_ROUNDS, 3, 'rounds'))),
    connections: num(values.connections ?? env.BENCH_CONNECTIONS, 64, 'connections'),
    targets: targets as TargetName[],
    pgUrl: values['pg-url'] ?? env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    stopSignal,
    workers: Math.max(1, num(values.workers, 1, 'workers')),
    cpuProf: values['cpu-prof'] ?? null,
    results: values['no-write'] ? null : 'bench/RESULTS.md',
  };
}

/** A non-negative number option, or `fallback` when absent; anything else is a clear error. */
export function numberOption(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${raw}'`);
  return n;
}
