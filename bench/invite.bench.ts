/**
 * `npm run bench:invite`: POST /v1.0/invitations under autocannon on SQLite and PostgreSQL, beside a
 * bare Fastify ceiling measured in the same run; durability checked after each Portico run; results
 * into bench/RESULTS.md. See RESULTS.md's header for what is measured and how to run it.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpuShares, sampleCpu, type CpuShares } from './lib/cpu-usage.js';
import { checkDurability } from './lib/durability.js';
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from './lib/databases.js';
import { driveInvitations, type LoadOutcome } from './lib/load.js';
import { describeMachine } from './lib/machine.js';
import { parseOptions, type BenchOptions, type TargetName } from './lib/options.js';
import { consoleTable, GOALS, markdownSection, medianRounds, roundLines, writeResults, type TargetResult } from './lib/report.js';
import { serverNodeFlags, spawnServer } from './lib/spawn-server.js';

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

async function runTarget(target: TargetName, round: number, options: BenchOptions): Promise<TargetResult> {
  const db: BenchDatabase | null = target === 'sqlite' ? sqliteDatabase()
    : target === 'postgres' ? await postgresDatabase(options.pgUrl) : null;
  const script = target === 'ceiling' ? 'bench/servers/ceiling-server.ts' : 'bench/servers/portico-server.ts';
  // No --cpu-prof-name: the tsx loader's worker thread writes a profile too, under its own name.
  const nodeFlags = [
    ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}/${target}${options.rounds > 1 ? `-${round}` : ''}`] : []),
    // e.g. --perf-basic-prof to let Linux perf name JIT-compiled functions.
    ...serverNodeFlags(),
  ];
  // A CPU profile is written at exit, which SIGKILL never reaches.
  const stopSignal: NodeJS.Signals = options.cpuProf ? 'SIGTERM' : options.stopSignal;
  try {
    const server = await spawnServer(script, db ? [db.url, '--workers', String(options.workers)] : [], nodeFlags);
    log(`${target}: server pid ${server.pid} on port ${server.port}`);
    let warm: LoadOutcome | null = null;
    let measured: LoadOutcome;
    let cpu: CpuShares;
    try {
      if (options.warmup > 0) {
        warm = await driveInvitations(server, `${target}-w`, options.connections, options.warmup);
        log(`${target}: warm-up ${warm.created} created`);
      }
      const pgDatabase = target === 'postgres' && db ? new URL(db.url).pathname.slice(1) : null;
      const before = sampleCpu(server.pid, pgDatabase);
      measured = await driveInvitations(server, `${target}-m`, options.connections, options.duration);
      cpu = cpuShares(before, sampleCpu(server.pid, pgDatabase), server.pid);
    } finally {
      const exit = await server.stop(stopSignal);
      log(`${target}: server stopped with ${stopSignal} (exit ${exit.code ?? exit.signal})`);
    }
    const r = measured.result;
    log(`${target}: ${measured.created} created in ${r.duration} s; CPU % of a core: server ${cpu.server}, `
      + `load generator ${cpu.loadGenerator}, postgres ${cpu.postgres}, others ${cpu.others}, steal ${cpu.steal}`);
    const durability = db
      ? await checkDurability(db.url, server.tenantId, [...(warm?.acked ?? []), ...measured.acked], options.connections * (warm ? 2 : 1))
      : null;
    if (durability) log(`${target}: durability ${durability.ok ? 'ok' : 'FAILED'}: ${durability.note}`);
    return {
      target, round, rate: measured.created / r.duration, created: measured.created, seconds: r.duration,
      p50: r.latency.p50, p99: r.latency.p99, p999: r.latency.p99_9, max: r.latency.max,
      non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, cpu,
      cpuUsPerRequest: cpu.serverMs === null || measured.created === 0 ? null : Math.round((cpu.serverMs * 1000) / measured.created),
      failures: [...(warm?.failures ?? []), ...measured.failures], durability, goal: GOALS[target] ?? null,
    };
  } finally {
    await db?.drop();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.cpuProf) mkdirSync(resolve(options.cpuProf), { recursive: true });
  const startedAt = new Date();
  const machine = await describeMachine(options.pgUrl);
  log(`${machine.cores} cores ${machine.cpuModel}, node ${machine.node}, sqlite ${machine.sqlite}, postgres ${machine.postgres}`);
  const results: TargetResult[] = [];
  const crashed: { target: TargetName; message: string }[] = [];
  // The targets take turns, round after round, so that each meets the machine's slow and fast minutes alike.
  for (let round = 1; round <= options.rounds; round++) {
    for (const target of options.targets) {
      log(`${target}, round ${round} of ${options.rounds}: ${options.warmup} s warm-up + ${options.duration} s at ${options.connections} connections`);
      try {
        results.push(await runTarget(target, round, options));
      } catch (err) {
        // One target failing to start (PostgreSQL down, a server crash) must not hide the others.
        crashed.push({ target, message: (err as Error).message });
        log(`${target}: FAILED: ${(err as Error).message}`);
      }
    }
  }

  const medians = medianRounds(results);
  process.stdout.write(`\n${consoleTable(medians)}\n\n${roundLines(results, medians).join('\n')}\n`);
  const broken = results.filter((r) => r.errors + r.timeouts + r.non2xx > 0 || (r.durability && !r.durability.ok));
  for (const r of broken) {
    process.stdout.write(`\n!!! ${r.target}, round ${r.round}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`
      + `${r.durability && !r.durability.ok ? `, DURABILITY FAILED: ${r.durability.note}` : ''}\n`);
    for (const f of r.failures) process.stdout.write(`    ${f}\n`);
  }
  for (const c of crashed) process.stdout.write(`\n!!! ${c.target} NOT MEASURED: ${c.message}\n`);
  for (const r of results) if (r.durability) process.stdout.write(`durability ${r.target}, round ${r.round}: ${r.durability.ok ? 'PASS' : 'FAIL'}: ${r.durability.note}\n`);
  if (options.results) {
    writeResults(options.results, markdownSection(results, machine, options, startedAt, crashed));
    log(`wrote ${options.results}`);
  }
  if (broken.length > 0 || crashed.length > 0) process.exitCode = 1;
}

await main();
