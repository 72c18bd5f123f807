/**
 * A real `portico serve` (HTTPS with its generated certificate, or plain HTTP) on a test database,
 * and the `portico` CLI signed in to it as the bootstrap app, with its own config folder. The CLI
 * trusts the certificate only through NODE_EXTRA_CA_CERTS, as a user's would.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from './databases.js';
import { startGraphProxy, type GraphProxy } from './graph-proxy.js';
import { freePort, runCli, ServeProcess, type CliResult } from './portico-process.js';

export interface GraphCli {
  server: ServeProcess;
  /** With `proxied`: the recording proxy the CLI talks through. */
  proxy?: GraphProxy;
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  dir: string;
  /** Environment for CLI runs: the config folder and the certificate trust. */
  env: Record<string, string>;
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  /** Runs a command that must succeed and returns its stdout. */
  ok(args: string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * `http` serves plain HTTP; `proxied` (implies http) puts a recording GraphProxy in front and makes
 * it Portico's public URL, so that every request, nextLinks included, passes through it.
 */
export async function startGraphCli(db: TestDatabase, opts: { http?: boolean; proxied?: boolean; login?: boolean } = {}): Promise<GraphCli> {
  const dir = mkdtempSync(join(tmpdir(), 'portico-cmdlets-'));
  const port = await freePort();
  const proxy = opts.proxied ? await startGraphProxy(`http://127.0.0.1:${port}`) : undefined;
  const http = opts.http === true || proxy !== undefined;
  const server = await ServeProcess.start(['--port', String(port), '--host', '127.0.0.1', '--db', db.url, '--data-dir', join(dir, 'data'), '--log-level', 'warn',
    ...(http ? ['--http'] : []), ...(proxy ? ['--public-url', proxy.origin] : [])]);
  const field = (label: string) => new RegExp(`^ {2}${label}\\s+(\\S+)$`, 'm').exec(server.stdout)?.[1] ?? '';
  const origin = proxy?.origin ?? `${http ? 'http' : 'https'}://localhost:${port}`;
  const env = { PORTICO_CONFIG_DIR: join(dir, 'config'), ...(http ? {} : { NODE_EXTRA_CA_CERTS: join(dir, 'data', 'tls', 'cert.pem') }) };
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra });
  const g: GraphCli = {
    server, origin, dir, env, cli, proxy,
    tenantId: field('tenant id'), clientId: field('client id'), clientSecret: field('client secret'),
    async ok(args) {
      const r = await cli(args);
      assert.equal(r.code, 0, `portico ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async close() {
      await server.stop();
      await proxy?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  assert.ok(g.tenantId && g.clientId && g.clientSecret, server.stdout);
  if (opts.login !== false) await g.ok(['login', '--base-url', origin, '--tenant', g.tenantId, '--client-id', g.clientId, '--client-secret', g.clientSecret]);
  return g;
}
