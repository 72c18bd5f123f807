/**
 * `npx tsx bench/seed.ts`: seeds one directory (as bench:query does) on one dialect into a fresh
 * throwaway database, prints the seed's own progress, wall time and CPU time, then drops it.
 */
import { parseArgs } from 'node:util';
import { postgresDatabase, sqliteDatabase } from './lib/databases.js';
import { numberOption } from './lib/options.js';
import { watchPostgresCpu } from './lib/postgres-cpu.js';
import { seedDirectory } from './lib/seed-directory.js';

const HELP = `npx tsx bench/seed.ts [options]
  --users <n>        users of the main tenant (default 100000; a twin tenant gets a fifth as many)
  --dialect <name>   sqlite or postgres (default sqlite)
  --pg-url <url>     admin URL of PostgreSQL (env BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/test)
  --keep             keep the seeded database and print where it is`;

const { values } = parseArgs({
  options: { users: { type: 'string' }, dialect: { type: 'string' }, 'pg-url': { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const users = numberOption(values.users, 100_000, 'users');
const dialect = values.dialect ?? 'sqlite';
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`unknown dialect '${dialect}'`);
const db = dialect === 'sqlite' ? sqliteDatabase() : await postgresDatabase(values['pg-url'] ?? process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const log = (m: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${dialect} ${users}: ${m}\n`);
try {
  const pgCpu = dialect === 'postgres' ? watchPostgresCpu(new URL(db.url).pathname.slice(1)) : null;
  const cpu = process.cpuUsage();
  const seeded = await seedDirectory(db.url, users, log);
  const used = process.cpuUsage(cpu);
  const pgMs = pgCpu?.stop() ?? null;
  log(`seeded ${users} + ${seeded.twinUsers} users in ${seeded.seconds.toFixed(1)} s wall; node CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`
    + (pgMs === null ? '' : `, postgres CPU ${(pgMs / 1000).toFixed(1)} s`));
  if (values.keep) log(`kept: ${db.url}`);
} finally {
  if (!values.keep) await db.drop();
}
