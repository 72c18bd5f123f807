import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { assertCleanError, runCli, runJson } from '../../helpers/portico-process.js';
import { makeTestCertificate, type TestCertificate } from '../../helpers/tls.js';

interface AppJson {
  appId: string; redirectUris: string[]; isFallbackPublicClient: boolean; delegatedPermissions: string[]; permissions: string[];
}
interface UserJson { id: string; tenantId: string; userPrincipalName: string; displayName: string; userType: string }

describe('portico user create, app create for sign-in, app consent', { concurrency: true }, () => {
  let cert: TestCertificate;
  before(async () => { cert = await makeTestCertificate(); });
  after(() => cert.remove());

  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let app: AppJson;
      before(async () => {
        db = await createDatabase(dialect);
        await runJson(['tenant', 'create', '--db', db.url, '--name', 'Contoso', '--domain', 'contoso.com']);
      });
      after(() => db.drop());

      it('user create makes a member whose password is stored only as a scrypt hash', async () => {
        const u = await runJson<UserJson>(['user', 'create', '--db', db.url, '--tenant', 'contoso.com', '--upn', 'ada@contoso.com',
          '--display-name', 'Ada Lovelace', '--password', 'Analytical#Engine1']);
        assert.equal(u.userPrincipalName, 'ada@contoso.com');
        assert.equal(u.userType, 'Member');
        const [row] = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE id = '${u.id}'`);
        assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$/);
        assert.ok(!row.password_hash.includes('Analytical'));
      });

      it('user create refuses a weak password, a foreign domain and a duplicate, cleanly', async () => {
        const base = ['user', 'create', '--db', db.url, '--tenant', 'contoso.com', '--display-name', 'X'];
        assertCleanError(await runCli([...base, '--upn', 'weak@contoso.com', '--password', 'password']), /complexity/);
        assertCleanError(await runCli([...base, '--upn', 'x@fabrikam.com', '--password', 'Str0ng!pass']), /verified domain/);
        assertCleanError(await runCli([...base, '--upn', 'ADA@contoso.com', '--password', 'Str0ng!pass']), /already exists/);
      });

      it('app create keeps redirect URIs, the public-client flag, delegated permissions and a certificate', async () => {
        app = await runJson<AppJson>(['app', 'create', '--db', db.url, '--tenant', 'contoso.com', '--name', 'Portal',
          '--redirect-uri', 'https://portal.contoso.com/auth,http://localhost:3000/cb', '--public-client',
          '--delegated', 'user.invite.all,User.Read', '--certificate', cert.certPath]);
        assert.deepEqual(app.redirectUris, ['https://portal.contoso.com/auth', 'http://localhost:3000/cb']);
        assert.equal(app.isFallbackPublicClient, true);
        assert.deepEqual(app.delegatedPermissions, ['User.Invite.All', 'User.Read']);
        const [row] = await db.query<{ thumbprint_sha256: string; public_key_pem: string }>(
          `SELECT thumbprint_sha256, public_key_pem FROM app_certificates WHERE app_id = '${app.appId}'`);
        assert.equal(row.thumbprint_sha256, createHash('sha256').update(new X509Certificate(cert.cert).raw).digest('base64url'));
        assert.match(row.public_key_pem, /^-----BEGIN PUBLIC KEY-----/);
        assert.doesNotMatch(row.public_key_pem, /PRIVATE/);
      });

      it('app create refuses open and malformed redirect URIs and unknown delegated permissions', async () => {
        const base = ['app', 'create', '--db', db.url, '--tenant', 'contoso.com', '--name', 'Bad'];
        assertCleanError(await runCli([...base, '--redirect-uri', 'http://evil.example/cb']), /must use https/);
        assertCleanError(await runCli([...base, '--redirect-uri', 'https://a.example/cb#frag']), /fragment/);
        assertCleanError(await runCli([...base, '--delegated', 'Mail.Send']), /Unknown delegated permission/);
        assertCleanError(await runCli([...base, '--certificate', '/nonexistent/cert.pem']), /ENOENT|no such file/);
      });

      it('app consent grants for all users, by default what the app asks for', async () => {
        const all = await runJson<{ scope: string; consentType: string }>(['app', 'consent', '--db', db.url, '--tenant', 'contoso.com', '--app', app.appId]);
        assert.equal(all.scope, 'User.Invite.All User.Read');
        assert.equal(all.consentType, 'AllPrincipals');
        await runJson(['app', 'consent', '--db', db.url, '--tenant', 'contoso.com', '--app', app.appId, '--scopes', 'User.Read.All']);
        const rows = await db.query<{ principal_id: string; scopes: string }>(`SELECT principal_id, scopes FROM consent_grants WHERE client_id = '${app.appId}'`);
        assert.equal(rows.length, 1);
        assert.equal(rows[0].principal_id, '');
        assert.deepEqual(JSON.parse(rows[0].scopes), ['User.Invite.All', 'User.Read', 'User.Read.All']);
        assertCleanError(await runCli(['app', 'consent', '--db', db.url, '--tenant', 'contoso.com', '--app', app.appId, '--scopes', 'Nope.All']), /Unknown delegated/);
        assertCleanError(await runCli(['app', 'consent', '--db', db.url, '--tenant', 'contoso.com', '--app', '11111111-2222-3333-4444-555555555555']), /not found/);
      });
    });
  }
});
