import { parseArgs } from 'node:util';
import { numberOption } from './options.js';

export type Dialect = 'sqlite' | 'postgres';

export interface QueryBenchOptions {
  sizes: number[];
  dialects: Dialect[];
  /** Seconds of autocannon per scenario (0: no HTTP runs). */
  duration: number;
  /** Seconds of sequential in-process calls per scenario. */
  inProcess: number;
  warmup: number;
  connections: number;
  /** Processes of the server under HTTP load (`portico serve --workers`). */
  workers: number;
  pgUrl: string;
  /** Print both plans of every case, not only the verdicts. */
  fullPlans: boolean;
  results: string | null;
}

const HELP = `npm run bench:query -- [options]
  --sizes <list>       directory sizes (env BENCH_QUERY_SIZES, default 10000,1000000)
  --dialects <list>    sqlite,postgres (env BENCH_DIALECTS, default both)
  --duration <s>       autocannon seconds per query (env BENCH_DURATION, default 10; 0 skips HTTP)
  --in-process <s>     in-process seconds per query (default 3)
  --warmup <s>         warm-up seconds before each measurement (default 2)
  --connections <n>    autocannon connections (default 32)
  --workers <n>        server processes on the port, as portico serve --workers (default 2, one per core here)
  --pg-url <url>       admin URL of PostgreSQL (env BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test)
  --full-plans         print every plan in full, not only which indexes it uses
  --no-write           print only; leave bench/RESULTS.md alone
env BENCH_SERVER_NODE_FLAGS: extra node flags for the server process (e.g. --cpu-prof --cpu-prof-dir=DIR)
Smoke run: npm run bench:query -- --sizes 2000,20000 --duration 2 --in-process 1 --warmup 0.5 --no-write`;

export function parseQueryOptions(argv: string[], env: NodeJS.ProcessEnv): QueryBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' }, dialects: { type: 'string' }, duration: { type: 'string' }, 'in-process': { type: 'string' },
      warmup: { type: 'string' }, connections: { type: 'string' }, workers: { type: 'string' }, 'pg-url': { type: 'string' },
      'full-plans': { type: 'boolean' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const num = numberOption;
  const sizes = (values.sizes ?? env.BENCH_QUERY_SIZES ?? '10000,1000000').split(',').map((s) => num(s.trim(), 0, 'sizes'));
  if (sizes.some((s) => s < 100)) throw new Error('--sizes: at least 100 users a directory');
  const dialects = (values.dialects ?? env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`unknown dialect '${d}'`);
  return {
    sizes: [...sizes].sort((a, b) => a - b),
    dialects: dialects as Dialect[],
    duration: num(values.duration ?? env.BENCH_DURATION, 10, 'duration'),
    inProcess: num(values['in-process'], 3, 'in-process'),
    warmup: num(values.warmup, 2, 'warmup'),
    connections: num(values.connections, 32, 'connections'),
    workers: Math.max(1, num(values.workers, 2, 'workers')),
    pgUrl: values['pg-url'] ?? env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    fullPlans: values['full-plans'] ?? false,
    results: values['no-write'] ? null : 'bench/RESULTS.md',
  };
}
