/**
 * Bulk invitations from the CLI: `portico invite --csv` with N rows against a local `portico serve`,
 * both as real processes, the CLI signed in with the bootstrap app. Measures the CLI's own rate
 * (its summary line: first request to last answer) and the wall time including start-up. Results
 * are written to bench/RESULTS.md, never asserted; the target is ≥ 500 invitations/s.
 *
 *   npm run bench:bulk -- [--rows 5000] [--concurrency 32] [--target sqlite|postgres] [--https] [--no-write]
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresDatabase, sqliteDatabase } from './lib/databases.js';
import { appendToSection } from './lib/results-file.js';
import { freePort } from './servers/free-port.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '32' }, target: { type: 'string', default: 'sqlite' },
    https: { type: 'boolean', default: false }, 'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' }, 'no-write': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const portico = join(process.cwd(), 'bin', 'portico.js');
const dir = mkdtempSync(join(tmpdir(), 'portico-bulk-bench-'));
const db = values.target === 'postgres' ? await postgresDatabase(values['pg-url'] as string) : sqliteDatabase();
const env = { ...process.env, PORTICO_CONFIG_DIR: join(dir, 'config'), NODE_EXTRA_CA_CERTS: join(dir, 'data', 'tls', 'cert.pem') };

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [portico, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

const port = await freePort();
const server: ChildProcessWithoutNullStreams = spawn(process.execPath, [portico, 'serve', '--port', String(port), '--host', '127.0.0.1', '--db', db.url,
  '--data-dir', join(dir, 'data'), '--log-level', 'warn', ...(values.https ? [] : ['--http'])], { env });
let banner = '';
server.stdout.setEncoding('utf8').on('data', (d: string) => { banner += d; });
try {
  for (let waited = 0; !/Portico is listening on/.test(banner); waited += 100) {
    if (waited > 60_000 || server.exitCode !== null) throw new Error(`portico serve did not start: ${banner}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const field = (label: string) => new RegExp(`^ {2}${label}\\s+(\\S+)$`, 'm').exec(banner)?.[1] ?? '';
  const origin = `${values.https ? 'https' : 'http'}://localhost:${port}`;
  const login = await run(['login', '--base-url', origin, '--tenant', field('tenant id'), '--client-id', field('client id'), '--client-secret', field('client secret')]);
  if (login.code !== 0) throw new Error(login.stderr);
  const file = join(dir, 'guests.csv');
  writeFileSync(file, `inviteeEmail,inviteRedirectURL,sendEmail\n${Array.from({ length: rows }, (_, i) => `bench${i}@fabrikam.com,https://myapps.microsoft.com,false`).join('\n')}\n`);
  const started = Date.now();
  const r = await run(['invite', '--csv', file, '--concurrency', String(values.concurrency)]);
  const wall = (Date.now() - started) / 1000;
  if (r.code !== 0) throw new Error(r.stderr);
  const cliRate = Number(/ (\d+)\/s\. Results/.exec(r.stdout)?.[1] ?? 0);
  const line = `| ${new Date().toISOString()} | ${values.target}${values.https ? ' https' : ' http'} | ${rows} | ${values.concurrency} | ${cliRate} | ${Math.round(rows / wall)} | ${cliRate >= 500 ? 'met' : 'MISSED'} (≥ 500/s) |`;
  console.log(r.stdout.trim());
  console.log(line);
  if (!values['no-write']) {
    appendToSection(join('bench', 'RESULTS.md'), 'bulk', line,
      '# Bulk invite benchmark (`npm run bench:bulk`)\n\nEach row: one run of `portico invite --csv` against a local `portico serve`, both real processes on this machine. "CLI rate" is the CLI\'s own figure (first request to last answer); "wall rate" includes both start-ups and the login.\n\n| when | target | rows | concurrency | CLI rate /s | wall rate /s | target |\n| --- | --- | --- | --- | --- | --- | --- |');
  }
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
