/**
 * `npm run bench:mail`: (1) drain — N invitations queued in the outbox are delivered by a
 * `portico outbox run` process to a loopback SMTP sink (pooled connections); (2) the API's
 * invitation rate with and without the dispatcher draining in the same server. Results go to
 * bench/RESULTS.md; they are written, never asserted. `--help` lists the options.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { replaceSection } from './lib/results-file.js';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { systemClock } from '../src/domain/clock.js';
import { inviteUser } from '../src/domain/invitations/invite-user.js';
import { createTenant } from '../src/domain/tenants/create-tenant.js';
import { openStore } from '../src/storage/open-store.js';
import { postgresDatabase, sqliteDatabase, type BenchDatabase } from './lib/databases.js';
import { driveInvitations } from './lib/load.js';
import { describeMachine } from './lib/machine.js';
import { startSmtpCounter } from './lib/smtp-counter.js';
import { serverNodeFlags, spawnServer } from './lib/spawn-server.js';

const HELP = `npm run bench:mail -- [options]
  --messages <n>         invitations queued and drained per target (default 20000)
  --duration <s>         seconds of API load per run, without and with the dispatcher (default 15)
  --connections <n>      autocannon connections for the API runs (default 32)
  --concurrency <n>      --outbox-concurrency of the dispatcher (default 64)
  --smtp-connections <n> nodemailer pool size (default 8)
  --targets <list>       sqlite,postgres (default both)
  --pg-url <url>         admin URL of PostgreSQL (default postgres://postgres@127.0.0.1:5432/test)
  --no-write             print only; leave bench/RESULTS.md alone
env BENCH_SERVER_NODE_FLAGS: extra node flags for the dispatcher process (e.g. --cpu-prof --cpu-prof-dir=DIR)`;

const log = (msg: string) => process.stderr.write(`[bench:mail] ${msg}\n`);
const { values } = parseArgs({
  options: {
    messages: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, concurrency: { type: 'string' },
    'smtp-connections': { type: 'string' }, targets: { type: 'string' }, 'pg-url': { type: 'string' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean' },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const messages = Number(values.messages ?? 20_000);
const duration = Number(values.duration ?? 15);
const connections = Number(values.connections ?? 32);
const concurrency = Number(values.concurrency ?? 64);
const smtpConnections = Number(values['smtp-connections'] ?? 8);
const targets = (values.targets ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const pgUrl = values['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const newDatabase = (t: 'sqlite' | 'postgres'): Promise<BenchDatabase> => (t === 'sqlite' ? Promise.resolve(sqliteDatabase()) : postgresDatabase(pgUrl));

async function queue(url: string, n: number): Promise<void> {
  const store = await openStore(url);
  try {
    const tenant = await createTenant(store, systemClock, { name: 'Mail Bench', domainSuffix: 'onmicrosoft.com' });
    const principal = { kind: 'app' as const, tenantId: tenant.id, appId: 'bench', servicePrincipalId: 'bench', displayName: 'bench', roles: ['User.Invite.All'] };
    for (let i = 0; i < n; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => inviteUser(
        { store, clock: systemClock, publicUrl: 'https://portico.bench' }, principal, tenant,
        { invitedUserEmailAddress: `drain${i + j}@bench-guests.example.com`, inviteRedirectUrl: 'https://myapp.example.com', sendInvitationMessage: true })));
    }
  } finally {
    await store.close();
  }
}

interface Drain { rate: number; seconds: number; delivered: number; sentRows: number }

async function drain(target: 'sqlite' | 'postgres'): Promise<Drain> {
  const db = await newDatabase(target);
  const sink = await startSmtpCounter(smtpConnections);
  try {
    log(`${target}: queueing ${messages} invitations`);
    await queue(db.url, messages);
    const child = spawn(process.execPath, [...serverNodeFlags(), 'bin/portico.js', 'outbox', 'run', '--db', db.url, '--smtp', sink.url, '--public-url', 'https://portico.bench',
      '--outbox-concurrency', String(concurrency), '--outbox-poll-interval', '100', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = once(child, 'exit');
    try {
      await sink.waitFor(1, 60_000);
      const first = performance.now();
      await sink.waitFor(messages, 60_000 + messages * 20);
      const seconds = (performance.now() - first) / 1000;
      // The first message's own time is not in the window, so n-1 messages over it.
      return { rate: (messages - 1) / seconds, seconds, delivered: sink.count, sentRows: 0 };
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  } finally {
    await sink.stop();
    const rows = await countSent(db.url).catch(() => -1);
    log(`${target}: outbox rows sent ${rows}`);
    await db.drop();
  }
}

async function countSent(url: string): Promise<number> {
  const store = await openStore(url, { migrate: false });
  try {
    return (await store.outbox.list({ state: 'sent', limit: 1_000_000 })).length;
  } finally {
    await store.close();
  }
}

interface Api { withoutRate: number; withRate: number; drop: number; mailedDuring: number }

/**
 * The API's rate without and with the dispatcher, in the order without, with, with, without (each
 * on a fresh database, after a PostgreSQL CHECKPOINT): drift over the runs (WAL, checkpoints, the
 * page cache) then weighs on both sides alike instead of on whichever runs second.
 */
async function api(target: 'sqlite' | 'postgres'): Promise<Api> {
  const rates = { with: [] as number[], without: [] as number[] };
  let mailedDuring = 0;
  for (const withDispatcher of [false, true, true, false]) {
    const db = await newDatabase(target);
    const sink = await startSmtpCounter(smtpConnections);
    try {
      if (target === 'postgres') await checkpoint();
      const server = await spawnServer('bench/servers/portico-server.ts', withDispatcher ? [db.url, sink.url] : [db.url]);
      try {
        const out = await driveInvitations(server, `${target}-${withDispatcher ? 'mail' : 'bare'}`, connections, duration);
        const rate = out.created / out.result.duration;
        (withDispatcher ? rates.with : rates.without).push(rate);
        if (withDispatcher) mailedDuring += sink.count;
        log(`${target}: ${withDispatcher ? 'with' : 'without'} dispatcher ${Math.round(rate)} invitations/s${withDispatcher ? `, ${sink.count} mails delivered meanwhile` : ''}`);
      } finally {
        await server.stop('SIGTERM');
      }
    } finally {
      await sink.stop();
      await db.drop();
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { withoutRate: mean(rates.without), withRate: mean(rates.with), drop: 1 - mean(rates.with) / mean(rates.without), mailedDuring: Math.round(mailedDuring / 2) };
}

async function checkpoint(): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

const machine = await describeMachine(pgUrl);
const rows: string[] = [];
for (const target of targets) {
  const d = await drain(target);
  log(`${target}: drained ${d.delivered} in ${d.seconds.toFixed(1)} s = ${Math.round(d.rate)} msg/s`);
  const a = await api(target);
  rows.push(`| ${target} | ${messages} | ${Math.round(d.rate).toLocaleString('en')} | ${d.seconds.toFixed(1)} | ${d.rate >= 1000 ? 'met' : 'MISSED'} (≥ 1,000/s) `
    + `| ${Math.round(a.withoutRate)} | ${Math.round(a.withRate)} | ${(a.drop * 100).toFixed(1)}% | ${a.mailedDuring} | ${a.drop <= 0.15 ? 'met' : 'MISSED'} (≤ 15%) |`);
}
const section = `# Mail benchmark (\`npm run bench:mail\`)

Drain: invitations queued in one tenant's outbox, delivered by one \`portico outbox run\` process
(\`--outbox-concurrency ${concurrency}\`, nodemailer pool of ${smtpConnections} connections) to a counting SMTP server on loopback
in the benchmark process; the rate is measured from the first to the last accepted message. API: \`POST /v1.0/invitations\` under
autocannon (${connections} connections, ${duration} s, every request with \`sendInvitationMessage: true\`), each run on a fresh database
(after a CHECKPOINT on PostgreSQL), in the order without the dispatcher, with it (running in the same server and delivering
to the sink), with, without; the rates are the means of each pair and "mails sent" the mean of the two runs with it. On this shared 2-core
machine the load generator, the sink, the server and PostgreSQL compete for the same cores.

## Run at ${new Date().toISOString()} (Portico at ${machine.revision})

| database | queued | drained msg/s | drain s | target | API inv/s without dispatcher | with | drop | mails sent during the API run | target |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Machine: ${machine.cores} cores ${machine.cpuModel}, Node ${machine.node}, SQLite ${machine.sqlite}, PostgreSQL ${machine.postgres}.
`;
process.stdout.write(`\n${section}`);
if (!values['no-write']) replaceSection('bench/RESULTS.md', 'mail', section);
