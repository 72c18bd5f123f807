import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { freePort, ServeProcess } from '../../helpers/portico-process.js';

/**
 * Durability through the real `portico serve` process: what was acknowledged survives a graceful
 * restart and a `kill -9` taken while invitations are still in flight.
 */
interface Credentials { tenantId: string; clientId: string; secret: string }

function credentials(output: string): Credentials {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)\\s*$`, 'm').exec(output)?.[1];
  const tenantId = field('tenant id');
  const clientId = field('client id');
  const secret = field('client secret');
  assert.ok(tenantId && clientId && secret, `the first start prints the bootstrap credentials:\n${output}`);
  return { tenantId, clientId, secret };
}

async function token(base: string, c: Credentials): Promise<string> {
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
      const base = `http://127.0.0.1:${port}`;
      const args = ['--http', '--host', '127.0.0.1', '--port', String(port), '--db', db.url, '--data-dir', dataDir, '--log-level', 'warn'];
      let server = await ServeProcess.start(args);
      const creds = credentials(server.stdout);
      let tok = await token(base, creds);
      const first = await invite(base, tok, 'before.restart@partner.example');
      assert.equal(first.status, 201);
      const firstId = ((await first.json()) as { invitedUser: { id: string } }).invitedUser.id;
      assert.equal(await server.stop('SIGTERM'), 0, 'SIGTERM shuts down gracefully');

      server = await ServeProcess.start(args);
      assert.doesNotMatch(server.stdout, /client secret/, 'credentials are printed on the first start only');
      tok = await token(base, creds);
      assert.equal((await fetch(`${base}/v1.0/users/${firstId}`, { headers: { authorization: `Bearer ${tok}` } })).status, 200);

      // Keep 16 invitations in flight, and kill -9 the server once 150 have been acknowledged.
      const acknowledged: string[] = [];
      let n = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          try {
            const r = await invite(base, tok, `inflight${n++}@partner.example`);
            if (r.status === 201) acknowledged.push(((await r.json()) as { invitedUser: { id: string } }).invitedUser.id);
            if (acknowledged.length >= 150 && !killed) {
              killed = true;
              await server.stop('SIGKILL');
            }
          } catch {
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      await server.stop('SIGKILL');
      assert.ok(acknowledged.length >= 150);

      server = await ServeProcess.start(args);
      try {
        tok = await token(base, creds);
        for (const id of [firstId, ...acknowledged]) {
          const r = await fetch(`${base}/v1.0/users/${id}?$select=id,externalUserState`, { headers: { authorization: `Bearer ${tok}` } });
          assert.equal(r.status, 200, `acknowledged guest ${id} survived kill -9`);
        }
      } finally {
        await server.stop('SIGTERM');
      }
    });
  });
}
