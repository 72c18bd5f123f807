import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { dialects } from '../../helpers/databases.js';
import { countRows, GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const redirect = 'https://myapp.contoso.com/welcome?x=1';
const unique = (tag: string) => `${tag}.${Math.random().toString(36).slice(2, 10)}@fabrikam.com`;

for (const dialect of dialects()) {
  describe(`POST /invitations (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let inviter: TestApp;
    let admin: TestApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Contoso Invites', ['contoso-invites.com']);
      inviter = await h.appWith(tenant, ['User.Invite.All']);
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => h.stop());

    it('answers the documented minimal request with 201 and the whole invitation', async () => {
      const email = unique('admin');
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#invitations/$entity`);
      assert.match(body.id, /^[0-9a-f-]{36}$/);
      assert.equal(body.invitedUserEmailAddress, email);
      assert.equal(body.inviteRedirectUrl, redirect);
      assert.equal(body.invitedUserDisplayName, null);
      assert.equal(body.invitedUserType, 'Guest');
      assert.equal(body.sendInvitationMessage, false);
      assert.equal(body.resetRedemption, false);
      assert.equal(body.status, 'PendingAcceptance');
      assert.deepEqual(body.invitedUserMessageInfo, { messageLanguage: null, customizedMessageBody: null, ccRecipients: [{ emailAddress: { name: null, address: null } }] });
      const local = email.split('@')[0];
      assert.equal(body.invitedUser.userPrincipalName, `${local}_fabrikam.com#EXT#@${tenant.initialDomain}`);
      const redeem = new URL(body.inviteRedeemUrl);
      assert.equal(`${redeem.origin}${redeem.pathname}`, `${PUBLIC_URL}/redeem`);
      assert.equal(redeem.searchParams.get('tenant'), tenant.id);
      assert.equal(redeem.searchParams.get('user'), body.id);
      const ticket = redeem.searchParams.get('ticket') ?? '';
      assert.ok(Buffer.from(ticket, 'base64url').length >= 16, 'ticket has at least 128 random bits');
      assert.equal(res.headers['odata-version'], '4.0');
      assert.match(String(res.headers['content-type']), /^application\/json;odata\.metadata=minimal/);

      // The guest exists with every property the invitation sets (graph-spec §1.4, §2.2).
      const user = (await h.graph(admin.token, 'GET', `/v1.0/users/${body.invitedUser.id}?$select=id,userPrincipalName,mail,otherMails,proxyAddresses,identities,mailNickname,displayName,userType,creationType,externalUserState,externalUserStateChangeDateTime,accountEnabled,createdDateTime`)).json();
      assert.equal(user.mail, email);
      assert.deepEqual(user.otherMails, [email]);
      assert.deepEqual(user.proxyAddresses, [`SMTP:${email}`]);
      assert.deepEqual(user.identities, [{ signInType: 'userPrincipalName', issuer: tenant.initialDomain, issuerAssignedId: body.invitedUser.userPrincipalName }]);
      assert.equal(user.mailNickname, `${local}_fabrikam.com#EXT#`);
      assert.equal(user.displayName, local);
      assert.equal(user.userType, 'Guest');
      assert.equal(user.creationType, 'Invitation');
      assert.equal(user.externalUserState, 'PendingAcceptance');
      assert.match(user.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(user.accountEnabled, true);
      assert.match(user.createdDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      // Only the ticket's hash is stored.
      const stored = await h.store.invitations.findById(tenant.id, body.id);
      assert.equal(stored?.ticketHash, createHash('sha256').update(ticket).digest('base64url'));
      assert.ok(!JSON.stringify(stored).includes(ticket));
      const audit = (await h.store.audit.list(tenant.id)).find((a) => a.targetResources[0]?.id === body.invitedUser.id);
      assert.equal(audit?.activityDisplayName, 'Invite external user');
      assert.equal(audit?.result, 'success');
      assert.equal(audit?.initiatedBy.kind, 'app');
    });

    it('echoes every input property, queues the mail and honours Member, cc and sponsors', async () => {
      const sponsor = (await h.invite(admin.token, { invitedUserEmailAddress: unique('sponsor'), inviteRedirectUrl: redirect })).json().invitedUser.id;
      const before = await countRows(h, tenant.id);
      const email = unique('sam');
      const res = await h.invite(admin.token, {
        invitedUserEmailAddress: email,
        inviteRedirectUrl: 'https://apps.example.org',
        invitedUserDisplayName: 'Sam Taylor',
        invitedUserType: 'Member',
        sendInvitationMessage: true,
        invitedUserMessageInfo: {
          customizedMessageBody: "Hello Sam, let's collaborate!\nSecond line <b>not html</b>",
          messageLanguage: 'de-DE',
          ccRecipients: [{ emailAddress: { address: 'boss@fabrikam.com', name: 'Boss' } }, { emailAddress: { address: 'peer@example.org' } }],
        },
        invitedUserSponsors: [{ id: sponsor }],
      }, 'beta');
      assert.equal(res.statusCode, 201, res.body);
      const b = res.json();
      assert.equal(b['@odata.context'], `${PUBLIC_URL}/beta/$metadata#invitations/$entity`);
      assert.equal(b.invitedUserDisplayName, 'Sam Taylor');
      assert.equal(b.invitedUserType, 'Member');
      assert.equal(b.sendInvitationMessage, true);
      assert.equal(b.inviteRedirectUrl, 'https://apps.example.org');
      assert.equal(b.invitedUserMessageInfo.customizedMessageBody, "Hello Sam, let's collaborate!\nSecond line <b>not html</b>");
      assert.equal(b.invitedUserMessageInfo.messageLanguage, 'de-DE');
      assert.deepEqual(b.invitedUserMessageInfo.ccRecipients, [
        { emailAddress: { name: 'Boss', address: 'boss@fabrikam.com' } }, { emailAddress: { name: null, address: 'peer@example.org' } },
      ]);
      assert.deepEqual(b.invitedUserSponsors, [{ id: sponsor }]);
      const user = (await h.graph(admin.token, 'GET', `/beta/users/${b.invitedUser.id}?$select=userType,displayName`)).json();
      assert.equal(user.userType, 'Member');
      assert.equal(user.displayName, 'Sam Taylor');
      assert.deepEqual(await h.store.users.sponsors(tenant.id, b.invitedUser.id), [sponsor]);
      const afterRows = await countRows(h, tenant.id);
      assert.equal(afterRows.users, before.users + 1);
      assert.equal(afterRows.outbox, before.outbox + 1, 'the mail is queued in the same transaction');
    });

    it('writes no outbox row when sendInvitationMessage is false', async () => {
      const before = await countRows(h, tenant.id);
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: unique('quiet'), inviteRedirectUrl: redirect, sendInvitationMessage: false });
      assert.equal(res.statusCode, 201);
      assert.equal((await countRows(h, tenant.id)).outbox, before.outbox);
    });

    it('re-inviting a pending guest returns the same user with a fresh ticket', async () => {
      const email = unique('again');
      const first = (await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect })).json();
      const second = await h.invite(inviter.token, { invitedUserEmailAddress: email.toUpperCase(), inviteRedirectUrl: redirect, sendInvitationMessage: true });
      assert.equal(second.statusCode, 201);
      const s = second.json();
      assert.equal(s.invitedUser.id, first.invitedUser.id);
      assert.equal(s.status, 'PendingAcceptance');
      assert.notEqual(s.id, first.id);
      assert.notEqual(new URL(s.inviteRedeemUrl).searchParams.get('ticket'), new URL(first.inviteRedeemUrl).searchParams.get('ticket'));
    });

    it('an accepted guest gets status Completed, the same user and no mail', async () => {
      const email = unique('accepted');
      const first = (await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect })).json();
      // Redemption comes with the mail issue; mark the guest accepted the way it will.
      const guest = await h.store.users.findById(tenant.id, first.invitedUser.id);
      assert.ok(guest);
      await h.store.transact((r) => r.users.update({ ...guest, externalUserState: 'Accepted' }));
      const before = await countRows(h, tenant.id);
      const again = await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, sendInvitationMessage: true });
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().status, 'Completed');
      assert.equal(again.json().invitedUser.id, first.invitedUser.id);
      assert.equal((await countRows(h, tenant.id)).outbox, before.outbox);
    });

    it('refuses addresses on the tenant\'s own verified domains', async () => {
      for (const email of ['someone@contoso-invites.com', `x@${tenant.initialDomain.toUpperCase()}`]) {
        const res = await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect });
        assert.equal(res.statusCode, 400, email);
        assert.equal(res.json().error.code, 'Request_BadRequest');
        assert.match(res.json().error.message, /verified by this organization/);
      }
    });

    it('refuses the UPN or mail of an existing member', async () => {
      const created = await h.graph(admin.token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'Mo Member', mailNickname: 'mo', userPrincipalName: 'mo@contoso-invites.com',
        mail: 'mo.member@partner.example', passwordProfile: { password: 'Str0ng!Passw0rd' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const before = await countRows(h, tenant.id);
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: 'Mo.Member@partner.example', inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, new RegExp(`already exists in the directory as object ID: ${created.json().id}`));
      assert.deepEqual(await countRows(h, tenant.id), before);
    });

    it('fifty concurrent invitations for one address create exactly one user', async () => {
      const email = unique('race');
      // Half the requests go to a second instance with its own pool: no in-process lock can help.
      const other = await h.secondInstance();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? h.app : other).inject({
        method: 'POST', url: '/v1.0/invitations', headers: { authorization: `Bearer ${inviter.token}` },
        payload: { invitedUserEmailAddress: email, inviteRedirectUrl: redirect },
      })));
      assert.ok(results.every((r) => r.statusCode === 201), results.map((r) => r.statusCode).join(','));
      const ids = new Set(results.map((r) => r.json().invitedUser.id));
      assert.equal(ids.size, 1);
      const all = await h.store.users.findByAnyAddress(tenant.id, email);
      assert.equal(all.length, 1);
    });

    it('gives colliding guest UPNs a numeric suffix before #EXT#', async () => {
      // 'é' is not allowed in a UPN and becomes '_', so both addresses map to the same name.
      const a = (await h.invite(inviter.token, { invitedUserEmailAddress: 'r_@collide.example', inviteRedirectUrl: redirect })).json();
      const b = (await h.invite(inviter.token, { invitedUserEmailAddress: 'ré@collide.example', inviteRedirectUrl: redirect })).json();
      assert.equal(a.invitedUser.userPrincipalName, `r__collide.example#EXT#@${tenant.initialDomain}`);
      assert.equal(b.invitedUser.userPrincipalName, `r__collide.example1#EXT#@${tenant.initialDomain}`);
      assert.notEqual(a.invitedUser.id, b.invitedUser.id);
    });

    it('accepts internationalized domains', async () => {
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: 'jürgen@bücher.example', inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().invitedUserEmailAddress, 'jürgen@bücher.example');
      assert.match(res.json().invitedUser.userPrincipalName, /_xn--bcher-kva\.example#EXT#@/);
    });

    it('resets redemption of a guest (User.ReadWrite.All) and keeps id and UPN', async () => {
      const email = unique('reset');
      const first = (await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect })).json();
      const denied = await h.invite(inviter.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: first.invitedUser.id } });
      assert.equal(denied.statusCode, 403);
      assert.equal(denied.json().error.code, 'Authorization_RequestDenied');
      const res = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: first.invitedUser.id } });
      assert.equal(res.statusCode, 201, res.body);
      const b = res.json();
      assert.equal(b.resetRedemption, true);
      assert.equal(b.status, 'PendingAcceptance');
      assert.equal(b.invitedUser.id, first.invitedUser.id);
      assert.equal(b.invitedUser.userPrincipalName, first.invitedUser.userPrincipalName);
      const audit = await h.store.audit.list(tenant.id);
      assert.ok(audit.some((a) => a.activityDisplayName === 'Invite external user with reset invitation status' && a.targetResources[0].id === first.invitedUser.id));
      const unknown = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, resetRedemption: true, invitedUser: { id: '00000000-0000-0000-0000-000000000001' } });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error.code, 'Request_ResourceNotFound');
    });

    it('invites an internal user to B2B without changing its userType', async () => {
      const m = (await h.graph(admin.token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'Ines Internal', mailNickname: 'ines', userPrincipalName: 'ines@contoso-invites.com',
        otherMails: ['ines@home.example'], passwordProfile: { password: 'Str0ng!Passw0rd' },
      })).json();
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: 'ines@home.example', inviteRedirectUrl: redirect, invitedUser: { id: m.id } });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().invitedUser.id, m.id);
      const u = (await h.graph(admin.token, 'GET', `/v1.0/users/${m.id}?$select=userType,externalUserState`)).json();
      assert.equal(u.userType, 'Member');
      assert.equal(u.externalUserState, 'PendingAcceptance');
      const audit = await h.store.audit.list(tenant.id);
      assert.ok(audit.some((a) => a.activityDisplayName === 'Invite internal user to B2B collaboration' && a.targetResources[0].id === m.id));
      const notTheirs = await h.invite(inviter.token, { invitedUserEmailAddress: 'other@home.example', inviteRedirectUrl: redirect, invitedUser: { id: m.id } });
      assert.equal(notTheirs.statusCode, 400);
    });

    it('refuses sponsors that are not in the directory, writing nothing', async () => {
      const before = await countRows(h, tenant.id);
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: unique('nosponsor'), inviteRedirectUrl: redirect, invitedUserSponsors: [{ id: '00000000-0000-0000-0000-00000000beef' }] });
      assert.equal(res.statusCode, 400);
      assert.match(res.json().error.message, /sponsor/);
      assert.deepEqual(await countRows(h, tenant.id), before);
    });
  });
}
