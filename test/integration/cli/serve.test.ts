import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { childEnv, freePort, runJson, ServeProcess } from '../../helpers/portico-process.js';

const exec = promisify(execFile);

interface Banner { tenantId: string; domain: string; clientId: string; secret: string; tokenCommand: string; inviteCommand: string }

/** Reads the first-start banner; null when the output has none. */
function banner(stdout: string): Banner | null {
  const field = (label: string) => new RegExp(`^  ${label}\\s+(\\S+)$`, 'm').exec(stdout)?.[1];
  const tenantId = field('tenant id');
  if (!tenantId) return null;
  const tokenCommand = /^ {2}(TOKEN=\$\(.*)$/m.exec(stdout)?.[1] ?? '';
  const inviteCommand = /^ {2}(curl .*\/v1\.0\/invitations.*)$/m.exec(stdout)?.[1] ?? '';
  return { tenantId, domain: field('initial domain') ?? '', clientId: field('client id') ?? '', secret: field('client secret') ?? '', tokenCommand, inviteCommand };
}

describe('portico serve --http', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let dataDir: string;
      let first: Banner;
      const running: ServeProcess[] = [];
      const serve = async (port: number) => {
        const p = await ServeProcess.start(['--http', '--port', String(port), '--host', '127.0.0.1', '--db', db.url, '--data-dir', dataDir, '--log-level', 'warn']);
        running.push(p);
        return p;
      };
      before(async () => {
        db = await createDatabase(dialect);
        dataDir = mkdtempSync(join(tmpdir(), 'portico-serve-'));
      });
      after(async () => {
        for (const p of running) await p.stop('SIGKILL');
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      });

      it('first start creates the default tenant and prints the bootstrap credentials; SIGTERM exits 0', async () => {
        const port = await freePort();
        const server = await serve(port);
        const b = banner(server.stdout);
        assert.ok(b, `no bootstrap banner in: ${server.stdout}`);
        first = b;
        assert.equal(b.domain, 'portico.onmicrosoft.com');
        assert.match(b.clientId, /^[0-9a-f-]{36}$/);
        assert.match(b.secret, /^.{3}P~.{35}$/);
        assert.ok(b.tokenCommand.includes(`http://localhost:${port}/${b.tenantId}/oauth2/v2.0/token`), b.tokenCommand);
        assert.doesNotMatch(server.stdout, /--cacert/, 'plain HTTP needs no certificate');

        const res = await fetch(`http://127.0.0.1:${port}/${b.tenantId}/v2.0/.well-known/openid-configuration`);
        assert.equal(res.status, 200);
        const metadata = (await res.json()) as { issuer: string; token_endpoint: string };
        assert.ok(metadata.token_endpoint.endsWith(`/${b.tenantId}/oauth2/v2.0/token`), metadata.token_endpoint);

        // The printed commands really are copy-paste: run them as a shell would.
        const { stdout } = await exec('bash', ['-c', `set -eo pipefail\n${b.tokenCommand}\n${b.inviteCommand}`], { env: childEnv() });
        const invitation = JSON.parse(stdout) as { invitedUserEmailAddress: string; status: string; inviteRedeemUrl: string };
        assert.equal(invitation.invitedUserEmailAddress, 'guest@example.com');
        assert.equal(invitation.status, 'PendingAcceptance');

        const tenants = await runJson<{ value: { id: string }[] }>(['tenant', 'list', '--db', db.url]);
        assert.deepEqual(tenants.value.map((t) => t.id), [b.tenantId]);
        assert.equal(await server.stop('SIGTERM'), 0);
      });

      it('a later start prints no credentials and keeps the tenant; SIGINT exits 0 too', async () => {
        const server = await serve(await freePort());
        assert.equal(banner(server.stdout), null, server.stdout);
        assert.doesNotMatch(server.stdout, new RegExp(first.secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        const tenants = await runJson<{ value: { id: string }[] }>(['tenant', 'list', '--db', db.url]);
        assert.deepEqual(tenants.value.map((t) => t.id), [first.tenantId]);
        assert.equal(await server.stop('SIGINT'), 0);
      });
    });
  }

  // Two processes migrating a new database at once: the second must wait for the first's
  // migration (a lock table on PostgreSQL, one BEGIN IMMEDIATE transaction on SQLite) and then
  // find nothing to do; the default tenant is created once.
  for (const dialect of dialects()) {
    it(`${dialect}: two servers starting at once on a new database bootstrap exactly once`, async () => {
      const db = await createDatabase(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'portico-serve-'));
      const args = (port: number) => ['--http', '--port', String(port), '--host', '127.0.0.1', '--db', db.url, '--data-dir', dataDir,
        '--log-level', 'warn', '--default-tenant', 'Race Co'];
      const [portA, portB] = [await freePort(), await freePort()];
      const started = await Promise.allSettled([ServeProcess.start(args(portA)), ServeProcess.start(args(portB))]);
      try {
        const servers = started.map((s) => {
          if (s.status === 'rejected') throw s.reason;
          return s.value;
        });
        const banners = servers.map((s) => banner(s.stdout)).filter((b) => b !== null);
        assert.equal(banners.length, 1, servers.map((s) => s.stdout).join('\n----\n'));
        assert.equal(banners[0].domain, 'raceco.onmicrosoft.com');
        const tenants = await runJson<{ value: { id: string }[] }>(['tenant', 'list', '--db', db.url]);
        assert.deepEqual(tenants.value.map((t) => t.id), [banners[0].tenantId]);
        assert.deepEqual(await Promise.all(servers.map((s) => s.stop('SIGTERM'))), [0, 0]);
      } finally {
        for (const s of started) if (s.status === 'fulfilled') await s.value.stop('SIGKILL');
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
