import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import { member, PASSWORD, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';

/**
 * The permission matrix of issue 4 through HTTP with real delegated tokens (ROPC at Portico's own
 * authority): allowInvitesFrom × the inviter's directory role × the app's granted scope ×
 * Guest/Member/reset. Roles are given through Graph's roleAssignments and the policy through
 * PATCH /policies/authorizationPolicy, as an administrator would. The expectations are written out
 * from the documents (invitation-post.md, authorizationpolicy.md), not computed by Portico's code.
 */
type Who = 'globalAdmin' | 'userAdmin' | 'helpdesk' | 'guestInviter' | 'member' | 'guest';
type Policy = 'none' | 'adminsAndGuestInviters' | 'adminsGuestInvitersAndAllMembers' | 'everyone';
const people: Who[] = ['globalAdmin', 'userAdmin', 'helpdesk', 'guestInviter', 'member', 'guest'];
const roleOf: Partial<Record<Who, string>> = {
  globalAdmin: '62e90394-69f5-4237-9190-012177145e10',
  userAdmin: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdesk: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  guestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
};

/** Who may invite a guest under each policy ("none" blocks admins too; guests only under everyone). */
const mayInviteGuest: Record<Policy, Who[]> = {
  none: [],
  adminsAndGuestInviters: ['globalAdmin', 'userAdmin', 'guestInviter'],
  adminsGuestInvitersAndAllMembers: ['globalAdmin', 'userAdmin', 'helpdesk', 'guestInviter', 'member'],
  everyone: people,
};

interface Row { policy: Policy; who: Who; scope: 'invite' | 'readWrite' | 'read'; action: 'Guest' | 'Member' | 'reset'; status: 201 | 403 }

const rows: Row[] = [
  ...(Object.keys(mayInviteGuest) as Policy[]).flatMap((policy) => people.map((who): Row => ({
    policy, who, scope: 'invite', action: 'Guest', status: mayInviteGuest[policy].includes(who) ? 201 : 403,
  }))),
  // Member invitations: company administrators only (User Administrator or Global Administrator).
  ...people.map((who): Row => ({ policy: 'everyone', who, scope: 'invite', action: 'Member', status: ['globalAdmin', 'userAdmin'].includes(who) ? 201 : 403 })),
  // Reset: User.ReadWrite.All and Helpdesk, User or Global Administrator.
  ...people.map((who): Row => ({ policy: 'everyone', who, scope: 'readWrite', action: 'reset', status: ['globalAdmin', 'userAdmin', 'helpdesk'].includes(who) ? 201 : 403 })),
  // The scope is the app's half of the decision: without an invitation scope even an admin is refused.
  { policy: 'everyone', who: 'globalAdmin', scope: 'read', action: 'Guest', status: 403 },
  { policy: 'everyone', who: 'globalAdmin', scope: 'invite', action: 'reset', status: 403 },
  { policy: 'none', who: 'globalAdmin', scope: 'readWrite', action: 'reset', status: 403 },
];

for (const dialect of dialects()) {
  describe(`delegated invitations: policy × role × scope × Guest/Member/reset over HTTP (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let admin: TestApp;
    let auditor: TestApp;
    const users = {} as Record<Who, User>;
    const apps = {} as Record<Row['scope'], SignInApp>;
    const tokens = new Map<string, string>();
    let target: User;
    let n = 0;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Matrix Corp');
      admin = await h.appWith(tenant, ['User.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Policy.ReadWrite.Authorization']);
      auditor = await h.appWith(tenant, ['AuditLog.Read.All']);
      for (const who of people.filter((w) => w !== 'guest')) users[who] = await member(h.store, tenant, `Matrix ${who}`);
      const guest = await h.graph(admin.token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'Matrix guest', mailNickname: 'matrixguest', userType: 'Guest',
        userPrincipalName: `matrixguest@${tenant.initialDomain}`, passwordProfile: { password: PASSWORD },
      });
      assert.equal(guest.statusCode, 201, guest.body);
      users.guest = guest.json() as User;
      for (const [who, roleDefinitionId] of Object.entries(roleOf)) {
        const r = await h.graph(admin.token, 'POST', '/v1.0/roleManagement/directory/roleAssignments', {
          roleDefinitionId, principalId: users[who as Who].id, directoryScopeId: '/',
        });
        assert.equal(r.statusCode, 201, r.body);
      }
      apps.invite = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Invite.All'], adminConsent: ['User.Invite.All'] });
      apps.readWrite = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.ReadWrite.All'], adminConsent: ['User.ReadWrite.All'] });
      apps.read = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'], adminConsent: ['User.Read'] });
      const invited = await h.invite(admin.token, { invitedUserEmailAddress: 'reset.target@partner.example', inviteRedirectUrl: 'https://example.com' });
      assert.equal(invited.statusCode, 201, invited.body);
      target = (invited.json() as { invitedUser: User }).invitedUser;
    });
    after(async () => h?.stop());

    /** A delegated token of `who` through `scope`'s app, from the password grant (roles are read at issue). */
    async function tokenOf(who: Who, scope: Row['scope']): Promise<string> {
      const key = `${who}/${scope}`;
      const cached = tokens.get(key);
      if (cached) return cached;
      const res = await h.tokenRequest(tenant.id, {
        grant_type: 'password', client_id: apps[scope].app.appId, username: users[who].userPrincipalName, password: PASSWORD,
        scope: { invite: 'User.Invite.All', readWrite: 'User.ReadWrite.All', read: 'User.Read' }[scope],
      });
      assert.equal(res.statusCode, 200, res.body);
      const token = (res.json() as { access_token: string }).access_token;
      tokens.set(key, token);
      return token;
    }

    async function setPolicy(policy: Policy): Promise<void> {
      const r = await h.graph(admin.token, 'PATCH', '/v1.0/policies/authorizationPolicy', { allowInvitesFrom: policy });
      assert.equal(r.statusCode, 204, r.body);
    }

    for (const row of rows) {
      it(`${row.policy}: ${row.who} with ${row.scope} scope — ${row.action} → ${row.status}`, async () => {
        await setPolicy(row.policy);
        const token = await tokenOf(row.who, row.scope);
        const body = row.action === 'reset'
          ? { invitedUserEmailAddress: 'reset.target@partner.example', inviteRedirectUrl: 'https://example.com', resetRedemption: true, invitedUser: { id: target.id } }
          : { invitedUserEmailAddress: `m${++n}.${row.who}@partner.example`, inviteRedirectUrl: 'https://example.com', invitedUserType: row.action };
        const res = await h.invite(token, body);
        assert.equal(res.statusCode, row.status, res.body);
        if (row.status === 403) {
          assert.equal((res.json() as { error: { code: string } }).error.code, 'Authorization_RequestDenied');
        } else if (row.action !== 'reset') {
          // The person who invited is the guest's default sponsor and the audit record's initiator.
          const invited = (res.json() as { invitedUser: { id: string } }).invitedUser;
          assert.deepEqual(await h.store.users.sponsors(tenant.id, invited.id), [users[row.who].id]);
          const audits = await h.graph(auditor.token, 'GET', `/v1.0/auditLogs/directoryAudits?$filter=targetResources/any(t:t/id eq '${invited.id}')`);
          assert.equal(audits.statusCode, 200, audits.body);
          const [record] = (audits.json() as { value: { initiatedBy: { user: { id: string } | null } }[] }).value;
          assert.equal(record?.initiatedBy.user?.id, users[row.who].id);
        }
      });
    }
  });
}
