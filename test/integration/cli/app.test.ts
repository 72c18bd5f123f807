import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { assertCleanError, runCli, runJson } from '../../helpers/portico-process.js';

interface AppJson {
  appId: string; id: string; tenantId: string; displayName: string; permissions: string[]; createdDateTime: string;
  clientSecret?: string; secretEndDateTime?: string;
}
interface SecretJson { appId: string; keyId: string; clientSecret: string; endDateTime: string }
interface SecretRow { tenant_id: string; app_id: string; key_id: string; hint: string; secret_hash: string }

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('portico app', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let tenantId: string;
      let created: AppJson;
      const secrets: string[] = [];
      before(async () => {
        db = await createDatabase(dialect);
        tenantId = (await runJson<{ id: string }>(['tenant', 'create', '--db', db.url, '--name', 'Contoso', '--domain', 'contoso.com'])).id;
      });
      after(() => db.drop());

      it('create registers the app with normalized permissions and prints its secret', async () => {
        created = await runJson<AppJson>(['app', 'create', '--db', db.url, '--tenant', 'contoso.com', '--name', 'HR onboarding',
          '--permissions', 'user.invite.all,User.Read.All', '--permissions', 'User.Invite.All']);
        assert.match(created.appId, GUID);
        assert.match(created.id, GUID);
        assert.notEqual(created.appId, created.id);
        assert.equal(created.tenantId, tenantId);
        assert.equal(created.displayName, 'HR onboarding');
        assert.deepEqual(created.permissions, ['User.Invite.All', 'User.Read.All']);
        assert.match(created.clientSecret ?? '', /^.{3}P~.{35}$/);
        assert.ok(Date.parse(created.secretEndDateTime ?? '') > Date.now());
        secrets.push(created.clientSecret ?? '');
      });

      it('create prints a readable form without --json, secret included once', async () => {
        const r = await runCli(['app', 'create', '--db', db.url, '--tenant', tenantId, '--name', 'Reports']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^client id\s+[0-9a-f-]{36}$/m);
        assert.match(r.stdout, /^permissions\s+\(none\)$/m);
        const secret = /^client secret\s+(\S+)$/m.exec(r.stdout)?.[1];
        assert.ok(secret, r.stdout);
        secrets.push(secret);
      });

      it('list shows every app, or one tenant\'s, and never a secret', async () => {
        await runJson(['tenant', 'create', '--db', db.url, '--name', 'Fabrikam']);
        await runJson(['app', 'create', '--db', db.url, '--tenant', 'fabrikam.onmicrosoft.com', '--name', 'Elsewhere']);
        const all = await runJson<{ value: AppJson[] }>(['app', 'list', '--db', db.url]);
        assert.deepEqual(all.value.map((a) => a.displayName), ['HR onboarding', 'Reports', 'Elsewhere']);
        const mine = await runJson<{ value: AppJson[] }>(['app', 'list', '--db', db.url, '--tenant', 'contoso.com']);
        assert.deepEqual(mine.value.map((a) => a.displayName), ['HR onboarding', 'Reports']);
        const { appId, id, displayName, permissions } = created;
        assert.deepEqual(mine.value[0], {
          appId, id, tenantId, displayName, permissions, createdDateTime: mine.value[0].createdDateTime,
          redirectUris: [], isFallbackPublicClient: false, delegatedPermissions: [],
        });
        const human = await runCli(['app', 'list', '--db', db.url]);
        for (const text of [JSON.stringify(all), human.stdout]) {
          for (const s of secrets) assert.ok(!text.includes(s), 'a listing shows a client secret');
          assert.doesNotMatch(text, /clientSecret|P~/);
        }
      });

      it('secret add prints a new secret once; the old one stays', async () => {
        const added = await runJson<SecretJson>(['app', 'secret', 'add', '--db', db.url, '--tenant', 'CONTOSO.COM', '--app', created.appId.toUpperCase()]);
        assert.deepEqual(Object.keys(added).sort(), ['appId', 'clientSecret', 'endDateTime', 'keyId']);
        assert.equal(added.appId, created.appId);
        assert.match(added.keyId, GUID);
        assert.match(added.clientSecret, /^.{3}P~.{35}$/);
        assert.ok(!secrets.includes(added.clientSecret));
        // Entra's default lifetime for a new secret is two years.
        const days = (Date.parse(added.endDateTime) - Date.now()) / 86_400_000;
        assert.ok(days > 729 && days <= 730, `${days} days`);
        secrets.push(added.clientSecret);
        const rows = await db.query<SecretRow>(`SELECT * FROM app_secrets WHERE app_id = '${created.appId}'`);
        assert.equal(rows.length, 2);
        assert.ok(rows.some((r) => r.key_id === added.keyId));
      });

      it('stores only a hash of each secret, never the secret itself', async () => {
        const rows = await db.query<SecretRow>('SELECT * FROM app_secrets');
        assert.equal(rows.length, secrets.length + 1); // and the Fabrikam app's
        const stored = JSON.stringify(rows);
        for (const s of secrets) {
          assert.ok(!stored.includes(s), 'app_secrets holds a plaintext secret');
          assert.ok(!stored.includes(s.slice(5)), 'app_secrets holds most of a secret');
        }
        for (const r of rows) assert.match(r.secret_hash, /^[A-Za-z0-9_-]{43}$/); // SHA-256, base64url
      });

      it('secret add refuses an app of another tenant', async () => {
        const r = await runCli(['app', 'secret', 'add', '--db', db.url, '--tenant', 'fabrikam.onmicrosoft.com', '--app', created.appId]);
        assertCleanError(r, /Application '.+' not found in tenant/);
      });
    });
  }
});
