import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { systemClock } from '../../../src/domain/clock.js';
import { createUser } from '../../../src/domain/users/create-user.js';
import { openStore } from '../../../src/storage/open-store.js';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { assertCleanError, runCli, runJson } from '../../helpers/portico-process.js';

interface AssignmentJson { id: string; principalId: string; userPrincipalName: string; role: string; roleDefinitionId: string; created: boolean }
interface PolicyJson { allowInvitesFrom: string; guestUserRoleId: string }

const GI = '95e79109-95c0-4d8e-aee3-d01accf2d47b';

describe('portico user role / portico policy', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let tenantId: string;
      let maria: { id: string; upn: string };
      const t = ['--tenant', 'roles.example'];

      before(async () => {
        db = await createDatabase(dialect);
        tenantId = (await runJson<{ id: string }>(['tenant', 'create', '--db', db.url, '--name', 'Roles', '--domain', 'roles.example'])).id;
        // Seed a member the way POST /users makes one (`portico user create` arrives with the identity work).
        const store = await openStore(db.url);
        try {
          const tenant = await store.tenants.findById(tenantId);
          assert.ok(tenant);
          const app = { kind: 'app' as const, tenantId, appId: 'seed', servicePrincipalId: 'seed', displayName: 'seed', roles: ['User.ReadWrite.All'] };
          const u = await createUser(store, systemClock, app, tenant, {
            accountEnabled: true, displayName: 'Maria', mailNickname: 'maria', userPrincipalName: 'maria@roles.example', passwordProfile: { password: 'Str0ng!Passw0rd' },
          });
          maria = { id: u.id, upn: u.userPrincipalName };
        } finally {
          await store.close();
        }
      });
      after(() => db.drop());

      it('role add gives the role by name and UPN, once', async () => {
        const added = await runJson<AssignmentJson>(['user', 'role', 'add', '--db', db.url, ...t, '--user', 'MARIA@roles.example', '--role', 'guest inviter']);
        assert.equal(added.created, true);
        assert.equal(added.principalId, maria.id);
        assert.equal(added.role, 'Guest Inviter');
        assert.equal(added.roleDefinitionId, GI);
        assert.match(added.id, /-1$/);
        const again = await runCli(['user', 'role', 'add', '--db', db.url, ...t, '--user', maria.id, '--role', GI]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /already holds Guest Inviter; nothing changed/);
        const rows = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM role_assignments WHERE principal_id = '${maria.id}'`);
        assert.equal(Number(rows[0].n), 1);
      });

      it('role list shows assignments as a table and as JSON, for the tenant or one user', async () => {
        await runJson(['user', 'role', 'add', '--db', db.url, ...t, '--user', maria.upn, '--role', 'User Administrator']);
        const human = await runCli(['user', 'role', 'list', '--db', db.url, ...t]);
        assert.equal(human.code, 0, human.stderr);
        assert.match(human.stdout, /^USER\s+ROLE\s+ASSIGNMENT ID$/m);
        assert.match(human.stdout, /^maria@roles\.example\s+Guest Inviter\s+\S+-1$/m);
        const json = await runJson<{ value: AssignmentJson[] }>(['user', 'role', 'list', '--db', db.url, ...t, '--user', maria.upn]);
        assert.deepEqual(json.value.map((a) => a.role).sort(), ['Guest Inviter', 'User Administrator']);
      });

      it('role remove takes it away; removing again is an error', async () => {
        const removed = await runCli(['user', 'role', 'remove', '--db', db.url, ...t, '--user', maria.upn, '--role', 'User Administrator']);
        assert.equal(removed.code, 0, removed.stderr);
        assert.match(removed.stdout, /no longer holds User Administrator/);
        assertCleanError(await runCli(['user', 'role', 'remove', '--db', db.url, ...t, '--user', maria.upn, '--role', 'User Administrator']), /does not exist/);
      });

      it('refuses unknown roles, users and tenants cleanly', async () => {
        assertCleanError(await runCli(['user', 'role', 'add', '--db', db.url, ...t, '--user', maria.upn, '--role', 'Emperor']), /unknown role 'Emperor'; the roles are .*"Guest Inviter"/);
        assertCleanError(await runCli(['user', 'role', 'add', '--db', db.url, ...t, '--user', 'nobody@roles.example', '--role', 'Guest Inviter']), /nobody@roles\.example/);
        assertCleanError(await runCli(['user', 'role', 'add', '--db', db.url, '--tenant', 'nowhere.example', '--user', maria.upn, '--role', 'Guest Inviter']), /Tenant 'nowhere\.example' not found/);
        const missing = await runCli(['user', 'role', 'add', '--db', db.url, ...t, '--user', maria.upn]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /required option '--role <role>'/);
      });

      it('policy set changes who may invite; show prints it; bad values change nothing', async () => {
        const shown = await runJson<PolicyJson>(['policy', 'show', '--db', db.url, ...t]);
        assert.equal(shown.allowInvitesFrom, 'everyone');
        const set = await runJson<PolicyJson>(['policy', 'set', '--db', db.url, ...t, '--allow-invites-from', 'adminsAndGuestInviters', '--guest-user-role', 'Restricted Guest User']);
        assert.equal(set.allowInvitesFrom, 'adminsAndGuestInviters');
        assert.equal(set.guestUserRoleId, '2af84b1e-32c8-42b7-82bc-daa82404023b');
        assertCleanError(await runCli(['policy', 'set', '--db', db.url, ...t, '--allow-invites-from', 'admins']), /Invalid value 'admins' for property 'allowInvitesFrom'.*adminsAndGuestInviters/);
        assertCleanError(await runCli(['policy', 'set', '--db', db.url, ...t, '--guest-user-role', 'Emperor']), /guestUserRoleId/);
        assertCleanError(await runCli(['policy', 'set', '--db', db.url, ...t]), /nothing to change/);
        const human = await runCli(['policy', 'show', '--db', db.url, ...t]);
        assert.match(human.stdout, /^allowInvitesFrom\s+adminsAndGuestInviters$/m);
      });

      it('a server on the same database applies the policy set by the CLI', async () => {
        await runJson(['policy', 'set', '--db', db.url, ...t, '--allow-invites-from', 'none']);
        const created = await runJson<{ appId: string; clientSecret: string }>(['app', 'create', '--db', db.url, ...t, '--name', 'Inviter', '--permissions', 'User.Invite.All']);
        const store = await openStore(db.url);
        const app = await buildApp(loadConfig({ publicUrl: 'https://portico.test' }, {}), { store });
        try {
          const token = await app.inject({
            method: 'POST', url: `/${tenantId}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: created.appId, client_secret: created.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
          });
          const invite = () => app.inject({ method: 'POST', url: '/v1.0/invitations', headers: { authorization: `Bearer ${token.json().access_token}` }, payload: { invitedUserEmailAddress: 'g@partner.example', inviteRedirectUrl: 'https://app.example' } });
          const refused = await invite();
          assert.equal(refused.statusCode, 403);
          assert.equal(refused.json().error.code, 'Authorization_RequestDenied');
          await runJson(['policy', 'set', '--db', db.url, ...t, '--allow-invites-from', 'everyone']);
          // This server cached the policy for a few seconds; a new one reads the change at once.
          const fresh = await buildApp(loadConfig({ publicUrl: 'https://portico.test' }, {}), { store });
          try {
            const ok = await fresh.inject({ method: 'POST', url: '/v1.0/invitations', headers: { authorization: `Bearer ${token.json().access_token}` }, payload: { invitedUserEmailAddress: 'g@partner.example', inviteRedirectUrl: 'https://app.example' } });
            assert.equal(ok.statusCode, 201, ok.body);
          } finally {
            await fresh.close();
          }
        } finally {
          await app.close();
          await store.close();
        }
      });
    });
  }
});
