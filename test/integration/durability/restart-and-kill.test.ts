import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';

/**
 * Durability through the real `portico serve` process: what was acknowledged survives a graceful
 * restart and a `kill -9` taken while invitations are still in flight.
 */
const ROOT = new URL('../../../', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Running { child: ChildProcess; output: () => string; base: string }

async function serve(db: string, dataDir: string, port: number): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/portico.js'), 'serve', '--http', '--host', '127.0.0.1', '--port', String(port), '--db', db, '--data-dir', dataDir, '--log-level', 'warn'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' },
  });
  let out = '';
  child.stdout?.on('data', (d) => { out += String(d); });
  child.stderr?.on('data', (d) => { out += String(d); });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`portico serve exited early:\n${out}`);
    try {
      const r = await fetch(`${base}/v1.0/organization`);
      if (r.status === 401) return { child, output: () => out, base };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`portico serve did not start:\n${out}`);
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

function credentials(output: string): { tenantId: string; clientId: string; secret: string } {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)\\s*$`, "m").exec(output)?.[1];
  const tenantId = field('tenant id');
  const clientId = field('client id');
  const secret = field('client secret');
  assert.ok(tenantId && clientId && secret, `the first start prints the bootstrap credentials:\n${output}`);
  return { tenantId, clientId, secret };
}

async function token(base: string, c: { tenantId: string; clientId: string; secret: string }): Promise<string> {
  const r = await fetch(`${base}/${c.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.secret, scope: 'https://graph.microsoft.com/.default' }),
  });
  assert.equal(r.status, 200);
  return ((await r.json()) as { access_token: string }).access_token;
}

const invite = (base: string, tok: string, email: string) => fetch(`${base}/v1.0/invitations`, {
  method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
  body: JSON.stringify({ invitedUserEmailAddress: email, inviteRedirectUrl: 'https://example.com', sendInvitationMessage: true }),
});

for (const dialect of dialects()) {
  describe(`durability of portico serve (${dialect})`, () => {
    let db: TestDatabase;
    let dataDir: string;

    before(async () => {
      db = await createDatabase(dialect);
      dataDir = mkdtempSync(join(tmpdir(), 'portico-durability-'));
    });
    after(async () => {
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('keeps data across a graceful restart and across kill -9 with requests in flight', async () => {
      const port = await freePort();
      let server = await serve(db.url, dataDir, port);
      const creds = credentials(server.output());
      let tok = await token(server.base, creds);
      const first = await invite(server.base, tok, 'before.restart@partner.example');
      assert.equal(first.status, 201);
      const firstId = ((await first.json()) as { invitedUser: { id: string } }).invitedUser.id;

      server.child.kill('SIGTERM');
      assert.equal(await stopped(server.child), 0, 'SIGTERM shuts down gracefully');

      server = await serve(db.url, dataDir, port);
      assert.doesNotMatch(server.output(), /client secret/, 'credentials are printed on the first start only');
      tok = await token(server.base, creds);
      const kept = await fetch(`${server.base}/v1.0/users/${firstId}`, { headers: { authorization: `Bearer ${tok}` } });
      assert.equal(kept.status, 200);

      // Keep 16 invitations in flight, and kill -9 the server once 150 have been acknowledged.
      const acknowledged: string[] = [];
      let n = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          try {
            const r = await invite(server.base, tok, `inflight${n++}@partner.example`);
            if (r.status === 201) acknowledged.push(((await r.json()) as { invitedUser: { id: string } }).invitedUser.id);
            if (acknowledged.length >= 150 && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          } catch {
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      await stopped(server.child);
      assert.ok(acknowledged.length >= 150);

      server = await serve(db.url, dataDir, port);
      try {
        tok = await token(server.base, creds);
        for (const id of [firstId, ...acknowledged]) {
          const r = await fetch(`${server.base}/v1.0/users/${id}?$select=id,externalUserState`, { headers: { authorization: `Bearer ${tok}` } });
          assert.equal(r.status, 200, `acknowledged guest ${id} survived kill -9`);
        }
      } finally {
        server.child.kill('SIGTERM');
        await stopped(server.child);
      }
    });
  });
}
