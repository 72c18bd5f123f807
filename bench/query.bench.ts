/**
 * `npm run bench:query`: Graph's user queries on seeded directories of 10,000 and 1,000,000 users,
 * on SQLite and PostgreSQL, in-process and over HTTP; the query plans of every default-allowed
 * filter; results into bench/RESULTS.md. See the section's header there for what is measured.
 */
import { openStore } from '../src/storage/open-store.js';
import { benchKysely } from './lib/bench-kysely.js';
import { cpuShares, sampleCpu } from './lib/cpu-usage.js';
import { postgresDatabase, sqliteDatabase } from './lib/databases.js';
import { inProcessListUsers, timeCalls } from './lib/in-process.js';
import { describeMachine } from './lib/machine.js';
import { explainPlans, formatPlans } from './lib/plans.js';
import { parseQueryOptions, type Dialect, type QueryBenchOptions } from './lib/query-options.js';
import { deepSkiptoken, driveQueries } from './lib/query-load.js';
import { consoleReport, markdownReport, writeQueryResults, type ScenarioResult, type SizeRun } from './lib/query-report.js';
import { pendingWalkPath, scenarios } from './lib/query-scenarios.js';
import { seedDirectory, type SeededDirectory } from './lib/seed-directory.js';
import { serverNodeFlags, spawnServer } from './lib/spawn-server.js';

const log = (msg: string) => process.stderr.write(`[bench:query] ${msg}\n`);

async function inProcess(url: string, seeded: SeededDirectory, options: QueryBenchOptions): Promise<Map<string, ScenarioResult>> {
  const store = await openStore(url);
  const out = new Map<string, ScenarioResult>();
  try {
    const list = inProcessListUsers(store, seeded.tenant.id);
    const deep = await deepSkiptoken((p) => list(p, false), pendingWalkPath());
    log(`in-process: deep page at row ${deep.at} of ${deep.rows} pending guests`);
    for (const s of scenarios(seeded.samples, deep.token)) {
      const timing = await timeCalls(async (i) => (await list(s.path(i), s.eventual)).count, options.inProcess, options.warmup);
      log(`in-process ${s.name}: p50 ${timing.p50.toFixed(3)} ms, p99 ${timing.p99.toFixed(3)} ms, ${Math.round(timing.rate)}/s, ${Math.round(timing.cpuUs)} µs CPU, ${timing.rows.toFixed(1)} rows`);
      out.set(s.name, { name: s.name, indexed: s.indexed, inProcess: timing, http: null });
    }
  } finally {
    await store.close();
  }
  return out;
}

async function overHttp(url: string, dialect: Dialect, seeded: SeededDirectory, options: QueryBenchOptions, results: Map<string, ScenarioResult>): Promise<void> {
  const server = await spawnServer('bench/servers/portico-server.ts', [url, '--tenant', seeded.tenant.id, '--permissions', 'User.Read.All', '--workers', String(options.workers)], serverNodeFlags());
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const get = async (path: string) => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${server.token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { '@odata.nextLink'?: string; value: unknown[] };
      return { nextLink: body['@odata.nextLink'], count: body.value.length };
    };
    const deep = await deepSkiptoken(get, pendingWalkPath());
    const pgDatabase = dialect === 'postgres' ? new URL(url).pathname.slice(1) : null;
    for (const s of scenarios(seeded.samples, deep.token)) {
      if (options.warmup > 0) await driveQueries(server, s, options.connections, options.warmup);
      const before = sampleCpu(server.pid, pgDatabase);
      const r = await driveQueries(server, s, options.connections, options.duration);
      const cpu = cpuShares(before, sampleCpu(server.pid, pgDatabase), server.pid);
      const cpuUs = cpu.serverMs === null || r.ok === 0 ? null : Math.round((cpu.serverMs * 1000) / r.ok);
      log(`http ${s.name}: ${Math.round(r.rate)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, server ${cpuUs ?? 'n/a'} µs CPU/req, `
        + `CPU % server ${cpu.server} load ${cpu.loadGenerator} postgres ${cpu.postgres} others ${cpu.others}`
        + (r.non2xx + r.errors + r.timeouts > 0 ? `; ${r.non2xx} non-2xx, ${r.errors} errors: ${r.failures[0] ?? ''}` : ''));
      const entry = results.get(s.name);
      if (entry) entry.http = { ...r, cpuUs, cpu };
    }
  } finally {
    await server.stop('SIGTERM');
  }
}

/**
 * The machine's ceiling just before the HTTP runs of a size: a bare Fastify GET answering an empty
 * users page (bench/servers/ceiling-server.ts, one process), driven like the existence query. How
 * fast this machine serves HTTP at all varies through a run and between runs; the rates are also
 * reported as a share of it.
 */
async function ceilingRate(seeded: SeededDirectory, options: QueryBenchOptions): Promise<number> {
  const server = await spawnServer('bench/servers/ceiling-server.ts', []);
  try {
    const existence = scenarios(seeded.samples, '')[0];
    if (options.warmup > 0) await driveQueries(server, existence, options.connections, options.warmup);
    const r = await driveQueries(server, existence, options.connections, options.duration);
    log(`http ceiling (bare Fastify GET /v1.0/users, one process): ${Math.round(r.rate)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms`);
    return r.rate;
  } finally {
    await server.stop('SIGTERM');
  }
}

async function runSize(dialect: Dialect, users: number, options: QueryBenchOptions, explain: boolean): Promise<SizeRun> {
  const db = dialect === 'sqlite' ? sqliteDatabase() : await postgresDatabase(options.pgUrl);
  try {
    log(`${dialect} ${users}: seeding`);
    const seeded = await seedDirectory(db.url, users, (m) => log(`${dialect} ${users}: ${m}`));
    log(`${dialect} ${users}: seeded ${users} + ${seeded.twinUsers} users in ${seeded.seconds.toFixed(1)} s`);
    let plans = null;
    if (explain) {
      const sample = seeded.samples.find((u) => u.userType === 'Member' && u.displayName !== null && u.otherMails.length > 1) ?? seeded.samples[0];
      const k = benchKysely(db.url);
      try {
        plans = await explainPlans(k, dialect === 'postgres', seeded.tenant, sample);
      } finally {
        await k.destroy();
      }
      process.stdout.write(`\n## Plans: ${dialect}, ${users} users\n\n${formatPlans(plans, options.fullPlans)}\n`);
    }
    const results = await inProcess(db.url, seeded, options);
    let ceiling: number | null = null;
    if (options.duration > 0) {
      ceiling = await ceilingRate(seeded, options);
      await overHttp(db.url, dialect, seeded, options, results);
    }
    return { dialect, users, twinUsers: seeded.twinUsers, seedSeconds: seeded.seconds, ceiling, scenarios: [...results.values()], plans };
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const options = parseQueryOptions(process.argv.slice(2), process.env);
  const startedAt = new Date();
  const machine = await describeMachine(options.pgUrl);
  const runs: SizeRun[] = [];
  const crashed: string[] = [];
  for (const dialect of options.dialects) {
    for (const users of options.sizes) {
      try {
        runs.push(await runSize(dialect, users, options, users === options.sizes[options.sizes.length - 1]));
      } catch (err) {
        crashed.push(`${dialect} ${users}: ${(err as Error).message}`);
        log(`${dialect} ${users}: FAILED: ${(err as Error).stack ?? String(err)}`);
      }
    }
  }
  process.stdout.write(`\n${consoleReport(runs, options)}\n`);
  for (const c of crashed) process.stdout.write(`\n!!! NOT MEASURED: ${c}\n`);
  if (options.results) {
    writeQueryResults(options.results, markdownReport(runs, options, machine, startedAt, crashed));
    log(`wrote ${options.results}`);
  }
  const broken = runs.some((r) => r.scenarios.some((s) => s.http && s.http.non2xx + s.http.errors + s.http.timeouts > 0) || r.plans?.some((p) => p.pageScan));
  if (broken || crashed.length > 0) process.exitCode = 1;
}

await main();
