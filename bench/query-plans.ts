/**
 * The query plans of Graph's default-allowed user filters, on SQLite and PostgreSQL.
 *
 *   npx tsx bench/query-plans.ts [--users 20000] [--dialect sqlite|postgres|both] [--quiet]
 *
 * Seeds a realistic directory (bench/lib/directory.ts, a second tenant beside it), refreshes the
 * planner's statistics, then prints the plans of bench/lib/plans.ts. Exits 1 when a first-page plan
 * (what serves GET /users) reads users, user_values or user_identities without an index. Below
 * ~10,000 users PostgreSQL hash-joins small tables instead of probing indexes, which is why the
 * default is 20,000. `npm run bench:query` prints the same plans on its 1,000,000-user directories.
 * PostgreSQL: PORTICO_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { parseArgs } from 'node:util';
import { benchKysely } from './lib/bench-kysely.js';
import { postgresDatabase, sqliteDatabase } from './lib/databases.js';
import { explainPlans, formatPlans } from './lib/plans.js';
import { seedDirectory } from './lib/seed-directory.js';

const { values: args } = parseArgs({
  options: { users: { type: 'string', default: '20000' }, dialect: { type: 'string', default: 'both' }, quiet: { type: 'boolean', default: false } },
});
const USERS = Number(args.users);
const PG_ADMIN = process.env.PORTICO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function run(dialect: 'sqlite' | 'postgres'): Promise<number> {
  const database = dialect === 'sqlite' ? sqliteDatabase() : await postgresDatabase(PG_ADMIN);
  try {
    const seeded = await seedDirectory(database.url, USERS, () => undefined);
    console.log(`\n## ${dialect}: ${USERS} + ${seeded.twinUsers} users seeded in ${seeded.seconds.toFixed(1)} s`);
    const sample = seeded.samples.find((u) => u.userType === 'Member' && u.displayName !== null && u.otherMails.length > 1);
    if (!sample) throw new Error('no sample member');
    const db = benchKysely(database.url);
    try {
      const reports = await explainPlans(db, dialect === 'postgres', seeded.tenant, sample);
      console.log(`\n${formatPlans(reports, !args.quiet)}`);
      return reports.filter((r) => r.pageScan).length;
    } finally {
      await db.destroy();
    }
  } finally {
    await database.drop();
  }
}

const dialectsToRun = args.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [args.dialect as 'sqlite' | 'postgres'];
let failed = 0;
for (const d of dialectsToRun) failed += await run(d);
console.log(failed === 0 ? '\nEvery plan uses indexes.' : `\n${failed} plan(s) read a table without an index.`);
process.exitCode = failed === 0 ? 0 : 1;
