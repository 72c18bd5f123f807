import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/domain/identity/create-app.js';
import type { Tenant } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { createTenant } from '../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../src/storage/open-store.js';
import { createDatabase, type Dialect, type TestDatabase } from './databases.js';
import { PARAMS_ENV, type TrustEnvironment } from '../conformance/clients/protocol.js';
import { freePort } from './portico-process.js';
import type { TestCertificate } from './tls.js';

/**
 * Plumbing shared by the conformance tests that drive Microsoft's own clients: Portico over real
 * HTTPS, and a client program in a fresh Node process whose only trust in the test certificate
 * comes through NODE_EXTRA_CA_CERTS (read by Node at start-up, hence the child process).
 */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');


export interface ChildRun<R> {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The client's last stdout line, parsed, when it is JSON. */
  result?: R;
}

const TRUST_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_OPTIONS', 'NODE_TEST_CONTEXT', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * Runs `script` (a path under test/conformance/clients) in a fresh Node process. Its environment is
 * the test's own minus every way of relaxing or replacing TLS trust, plus NODE_EXTRA_CA_CERTS when given.
 */
export function runClientProcess<R>(script: string, params: unknown, extraCaCerts: string | null): Promise<ChildRun<R>> {
  const env: NodeJS.ProcessEnv = { ...process.env, [PARAMS_ENV]: JSON.stringify(params) };
  for (const name of TRUST_VARIABLES) delete env[name];
  if (extraCaCerts) env.NODE_EXTRA_CA_CERTS = extraCaCerts;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'conformance', 'clients', script)], {
      cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 40_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1);
      let result: R | undefined;
      try { result = line ? JSON.parse(line) as R : undefined; } catch { result = undefined; }
      resolve({ code, signal, stdout, stderr, result });
    });
  });
}

export function describeRun(run: ChildRun<unknown>): string {
  return `client exited with ${run.code ?? run.signal}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout.slice(0, 4000)}`;
}

/** A Portico server over HTTPS on a free port of 127.0.0.1, its public URL at `localhost` with that port. */
export async function startHttpsPortico(store: Store, cert: TestCertificate): Promise<{ app: FastifyInstance; origin: string }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const origin = `https://localhost:${port}`;
    const app = await buildApp(loadConfig({ publicUrl: origin, port }, {}), { store, https: { key: cert.key, cert: cert.cert } });
    try {
      await app.listen({ port, host: '127.0.0.1' });
      return { app, origin };
    } catch (err) {
      await app.close();
      // Another process took the port between the probe and the listen: pick another.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) throw err;
    }
  }
}

/** What every client program reports about its TLS set-up and the requests it made. */
export interface TrustReport {
  env: TrustEnvironment;
  tlsPeer?: { authorized: boolean; fingerprint256: string };
  exchanges: { url: string }[];
}

/**
 * The client trusted Portico's certificate through NODE_EXTRA_CA_CERTS alone (TLS checking left
 * on), the connection verified against that very certificate, and every request went to Portico.
 */
export function assertTrustedOnlyThroughExtraCaCerts(r: TrustReport, cert: TestCertificate, under: string): void {
  assert.deepEqual(r.env, { extraCaCerts: cert.certPath, rejectUnauthorized: null });
  assert.ok(r.tlsPeer);
  assert.equal(r.tlsPeer.authorized, true);
  assert.equal(r.tlsPeer.fingerprint256, new X509Certificate(cert.cert).fingerprint256);
  assert.ok(r.exchanges.length > 0);
  for (const x of r.exchanges) assert.ok(x.url.startsWith(under), `${x.url} is not under ${under}`);
}

export interface ConformanceTarget {
  db: TestDatabase;
  store: Store;
  server: FastifyInstance;
  origin: string;
  tenant: Tenant;
  created: Awaited<ReturnType<typeof createApp>>;
}

/** A fresh database of the dialect, Portico on it over HTTPS, and a tenant with one app. */
export async function startConformanceTarget(dialect: Dialect, cert: TestCertificate, label: string, appName: string, permissions: string[]): Promise<ConformanceTarget> {
  const db = await createDatabase(dialect);
  const store = await openStore(db.url);
  const { app: server, origin } = await startHttpsPortico(store, cert);
  const tenant = await createTenant(store, systemClock, { name: `${label} ${Math.random().toString(36).slice(2, 8)}`, domainSuffix: 'onmicrosoft.com' });
  const created = await createApp(store, systemClock, { tenantId: tenant.id, name: appName, permissions });
  return { db, store, server, origin, tenant, created };
}


/** A client process the test talks to while it runs: it reads the client's lines and answers on stdin. */
export interface InteractiveClient<R> {
  /** Resolves with the first JSON line (parsed) that has `key`, e.g. the device code or the sign-in URL. */
  waitFor<T>(key: string): Promise<T>;
  send(line: string): void;
  finished: Promise<ChildRun<R>>;
}

/** Like runClientProcess, for clients that need the test mid-way (device code, browser sign-in). */
export function startInteractiveClient<R>(script: string, params: unknown, extraCaCerts: string): InteractiveClient<R> {
  const env: NodeJS.ProcessEnv = { ...process.env, [PARAMS_ENV]: JSON.stringify(params), NODE_EXTRA_CA_CERTS: extraCaCerts };
  for (const name of TRUST_VARIABLES.filter((n) => n !== 'NODE_EXTRA_CA_CERTS')) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'conformance', 'clients', script)], {
    cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 90_000,
  });
  let stdout = '';
  let stderr = '';
  const seen: Record<string, unknown>[] = [];
  const waiters: { key: string; resolve: (v: unknown) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    const before = stdout.split('\n').length - 1;
    stdout += s;
    for (const line of stdout.split('\n').slice(before, -1)) {
      try { seen.push(JSON.parse(line) as Record<string, unknown>); } catch { continue; }
    }
    for (const w of [...waiters]) {
      const hit = seen.find((o) => w.key in o);
      if (hit) { waiters.splice(waiters.indexOf(w), 1); w.resolve(hit[w.key]); }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  const finished = new Promise<ChildRun<R>>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1);
      let result: R | undefined;
      try { result = line ? JSON.parse(line) as R : undefined; } catch { result = undefined; }
      resolve({ code, signal, stdout, stderr, result });
    });
  });
  return {
    waitFor: <T>(key: string) => new Promise<T>((resolve, reject) => {
      const hit = seen.find((o) => key in o);
      if (hit) { resolve(hit[key] as T); return; }
      waiters.push({ key, resolve: resolve as (v: unknown) => void });
      void finished.then((run) => reject(new Error(`client ended before printing '${key}'\n${describeRun(run)}`)));
    }),
    send: (line) => { child.stdin.write(`${line}\n`); },
    finished,
  };
}
