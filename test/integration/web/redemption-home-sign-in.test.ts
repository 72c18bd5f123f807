import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { systemClock } from '../../../src/domain/clock.js';
import type { Tenant, UserPatch } from '../../../src/domain/model.js';
import { createMemberUser } from '../../../src/domain/users/create-user.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import { member, PASSWORD } from '../../helpers/identity-fixture.js';
import { noticeOf, RedeemClient } from '../../helpers/redeem-client.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';

const redirect = 'https://myapp.contoso.com/welcome?x=1';
const select = '$select=externalUserState,externalUserStateChangeDateTime,identities';
const tag = () => Math.random().toString(36).slice(2, 8);
const WRONG = 'Your account or password is incorrect.';

/**
 * Redemption by the invitee's own account: the invited address belongs to a member of another
 * tenant on this server (its home organization), who signs in there instead of using a passcode.
 */
for (const dialect of dialects()) {
  describe(`redemption with the home account's sign-in (${dialect})`, () => {
    let h: GraphHarness;
    let smtp: SmtpSink;
    let contoso: Tenant;
    let fabrikam: Tenant;
    let admin: TestApp;

    before(async () => {
      smtp = await SmtpSink.start();
      h = await GraphHarness.start(dialect, { config: { smtp: smtp.url } });
      contoso = await h.tenant(`Contoso ${tag()}`);
      fabrikam = await h.tenant(`Fabrikam <b>&</b> ${tag()}`);
      admin = await h.appWith(contoso, ['User.ReadWrite.All']);
    });
    after(async () => { await h.stop(); await smtp.stop(); });

    const invite = async (email: string, extra: Record<string, unknown> = {}) => {
      const res = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; inviteRedeemUrl: string; invitedUser: { id: string } };
    };
    const guest = async (id: string) => (await h.graph(admin.token, 'GET', `/v1.0/users/${id}?${select}`)).json();
    const redeemAudits = async (id: string) => (await h.store.audit.list(contoso.id))
      .filter((a) => a.activityDisplayName === 'Redeem external user invite' && a.targetResources[0].id === id);
    const homeMember = (name: string, over: UserPatch = {}) => createMemberUser(h.store, systemClock, fabrikam, {
      accountEnabled: true, ...over, displayName: name, userPrincipalName: `${name}.${tag()}@${fabrikam.initialDomain}`, mailNickname: name,
      passwordProfile: { password: PASSWORD },
    });
    /** Landing -> Accept invitation -> "Sign in with your … account": the sign-in page. */
    const toSignIn = async (link: string): Promise<{ c: RedeemClient; page: LightMyRequestResponse }> => {
      const c = new RedeemClient(h.app);
      assert.equal((await c.open(link)).statusCode, 200);
      const code = await c.post('/redeem/start');
      assert.match(code.body, /<form method="post" action="\/redeem\/home" class="alternative">/);
      const page = await c.post('/redeem/home');
      assert.equal(page.statusCode, 200, page.body);
      return { c, page };
    };
    const signIn = (c: RedeemClient, login: string, passwd = PASSWORD) => c.post('/redeem/home/sign-in', { login, passwd });

    it('offers the home account, signs in there, and accepts with an ExternalAzureAD identity', async () => {
      const mia = await homeMember('mia');
      const inv = await invite(mia.userPrincipalName.toUpperCase());
      const c = new RedeemClient(h.app);
      const landing = await c.open(inv.inviteRedeemUrl);
      const home = fabrikam.displayName.replace('<b>&</b>', '&lt;b&gt;&amp;&lt;/b&gt;');
      assert.ok(landing.body.includes(`sign in with your ${home} account, or get a one-time code by mail.`), 'the landing names the home organization, escaped');
      const code = await c.post('/redeem/start');
      assert.match(code.body, />Send code<\/button>/, 'the passcode stays on offer');
      assert.ok(code.body.includes(`>Sign in with your ${home} account</button>`), code.body);
      const mails = smtp.messages.length;

      const page = await c.post('/redeem/home');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Sign in<\/h1>/);
      assert.match(page.body, /<form method="post" action="\/redeem\/home\/sign-in">/);
      assert.match(page.body, /<label for="login">Email or user name<\/label>/);
      assert.ok(page.body.includes(`name="login" type="text" class="account" value="${mia.userPrincipalName.toUpperCase()}"`), 'prefilled with the invited address');
      assert.match(page.body, /<input id="passwd" name="passwd" type="password" autocomplete="current-password"/);
      assert.equal(page.headers['content-security-policy'], "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'");
      assert.ok(!page.body.includes('<script') && !page.body.includes('<b>'), 'no markup from the directory');

      const consent = await signIn(c, mia.userPrincipalName);
      assert.equal(consent.statusCode, 200, consent.body);
      assert.match(consent.body, /<h1>Review permissions<\/h1>/);
      assert.equal((await guest(inv.invitedUser.id)).externalUserState, 'PendingAcceptance', 'nothing changes before Accept');
      const accepted = await c.post('/redeem/accept');
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, new URL(redirect).href);
      assert.equal(smtp.messages.length, mails, 'no passcode was mailed');

      const u = await guest(inv.invitedUser.id);
      assert.equal(u.externalUserState, 'Accepted');
      assert.match(u.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(u.identities[0].signInType, 'userPrincipalName');
      assert.deepEqual(u.identities.slice(1), [{ signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null }]);
      assert.equal((await h.store.invitations.findById(contoso.id, inv.id))?.status, 'Completed');
      const audits = await redeemAudits(inv.invitedUser.id);
      assert.equal(audits.length, 1);
      assert.equal(audits[0].initiatedBy.kind, 'user');
      assert.equal(audits[0].result, 'success');
      const home2 = await h.store.users.findById(fabrikam.id, mia.id);
      assert.equal(home2?.userType, 'Member', 'the home account is untouched');
    });

    it('a wrong password shows the sign-in page again with an error, and redeems nothing', async () => {
      const ola = await homeMember('ola');
      const inv = await invite(ola.userPrincipalName);
      const { c } = await toSignIn(inv.inviteRedeemUrl);
      const wrong = await signIn(c, ola.userPrincipalName, 'Not#The7Password');
      assert.equal(wrong.statusCode, 400);
      assert.equal(noticeOf(wrong.body), WRONG);
      assert.match(wrong.body, /<h1>Sign in<\/h1>/);
      assert.match((await c.post('/redeem/start')).body, />Send code<\/button>/, '"Use a one-time code instead" goes back to the passcode');
      assert.equal((await c.post('/redeem/accept')).statusCode, 403, 'Accept is refused: nothing was proven');
      assert.equal((await guest(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
      const again = await toSignIn(inv.inviteRedeemUrl);
      assert.match((await signIn(again.c, ola.userPrincipalName)).body, /Review permissions/, 'the right password still works');
    });

    it('refuses another account of the home organization, an account of another tenant and a guest account', async () => {
      const pia = await homeMember('pia', { mail: `pia.${tag()}@example.org` });
      const colleague = await homeMember('colleague');
      const visitor = await homeMember('visitor', { userType: 'Guest', otherMails: [pia.mail!] });
      const outsider = await member(h.store, contoso, `Outsider ${tag()}`);
      const inv = await invite(pia.mail!);
      const { c } = await toSignIn(inv.inviteRedeemUrl);
      const cases: [login: string, status: number, text: string][] = [
        [colleague.userPrincipalName, 400, `You signed in with an account that is not ${pia.mail}.`],
        [outsider.userPrincipalName, 400, WRONG],
        [visitor.userPrincipalName, 400, 'A guest account cannot accept this invitation.'],
      ];
      for (const [login, status, text] of cases) {
        const res = await signIn(c, login);
        assert.equal(res.statusCode, status, login);
        assert.ok(noticeOf(res.body)?.startsWith(text), `${login}: ${noticeOf(res.body)}`);
        assert.ok(res.body.includes(`value="${login}"`), 'the typed name is kept');
      }
      assert.equal((await c.post('/redeem/accept')).statusCode, 403);
      assert.equal((await guest(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
      assert.deepEqual(await redeemAudits(inv.invitedUser.id), []);
      assert.match((await signIn((await toSignIn(inv.inviteRedeemUrl)).c, pia.userPrincipalName)).body, /Review permissions/, 'by UPN, for an invitation to its mail');
    });

    it('refuses a disabled account, and locks the account out after ten wrong passwords', async () => {
      const off = await homeMember('off', { accountEnabled: false });
      const offInv = await invite(off.userPrincipalName);
      const disabled = await signIn((await toSignIn(offInv.inviteRedeemUrl)).c, off.userPrincipalName);
      assert.equal(disabled.statusCode, 400);
      assert.ok(noticeOf(disabled.body)?.startsWith('This account is disabled.'));

      const rex = await homeMember('rex');
      const inv = await invite(rex.userPrincipalName);
      const { c } = await toSignIn(inv.inviteRedeemUrl);
      for (let i = 0; i < 10; i++) assert.equal(noticeOf((await signIn(c, rex.userPrincipalName, `Wrong#Pass${i}`)).body), WRONG);
      const locked = await signIn(c, rex.userPrincipalName);
      assert.equal(locked.statusCode, 429);
      assert.ok(noticeOf(locked.body)?.startsWith('Your account is locked'));
      assert.equal((await guest(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
    });

    it('an accepted guest signing in again goes straight to the redirect URL, changing nothing', async () => {
      const sam = await homeMember('sam');
      const inv = await invite(sam.userPrincipalName);
      const first = await toSignIn(inv.inviteRedeemUrl);
      await signIn(first.c, sam.userPrincipalName);
      assert.equal((await first.c.post('/redeem/accept')).statusCode, 303);
      const before = await guest(inv.invitedUser.id);
      const back = await signIn((await toSignIn(inv.inviteRedeemUrl)).c, sam.userPrincipalName);
      assert.equal(back.statusCode, 303);
      assert.equal(back.headers.location, new URL(redirect).href);
      assert.match(String(back.headers['set-cookie']), /^portico_redeem=; Path=\/redeem; Max-Age=0/);
      assert.deepEqual(await guest(inv.invitedUser.id), before);
      assert.equal((await redeemAudits(inv.invitedUser.id)).length, 1);
    });

    it('a replayed form is refused, and nothing is redeemed twice', async () => {
      const tom = await homeMember('tom');
      const inv = await invite(tom.userPrincipalName);
      const { c } = await toSignIn(inv.inviteRedeemUrl);
      const spent = c.csrf ?? '';
      assert.match((await signIn(c, tom.userPrincipalName)).body, /Review permissions/);
      const replay = await c.post('/redeem/home/sign-in', { login: tom.userPrincipalName, passwd: PASSWORD }, spent);
      assert.equal(replay.statusCode, 403);
      assert.ok(replay.body.includes('This page has expired or was already submitted.'));
      const forged = await c.post('/redeem/home', {}, 'forged-token');
      assert.equal(forged.statusCode, 403);
      const missing = await h.app.inject({ method: 'POST', url: '/redeem/home/sign-in', payload: `login=${tom.userPrincipalName}&passwd=x`, headers: { cookie: c.cookie ?? '', 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(missing.statusCode, 403, 'no form token at all');
      assert.equal((await guest(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
    });

    it("refuses another tenant's ticket and session, and offers nothing for an address without a home member", async () => {
      const uma = await homeMember('uma');
      const inv = await invite(uma.userPrincipalName);
      const link = new URL(inv.inviteRedeemUrl);
      link.searchParams.set('tenant', fabrikam.id);
      assert.equal((await new RedeemClient(h.app).open(link.toString())).statusCode, 404, 'the home tenant holds no such invitation');
      const { c } = await toSignIn(inv.inviteRedeemUrl);
      const moved = new RedeemClient(h.app);
      moved.cookie = c.cookie?.replace(contoso.id, fabrikam.id) ?? null;
      moved.csrf = c.csrf;
      assert.equal((await signIn(moved, uma.userPrincipalName)).statusCode, 400, 'a session named under another tenant does not exist');

      // A guest of the home tenant is no home member: passcode only, and the sign-in step is refused.
      const address = `vic.${tag()}@example.net`;
      const fabrikamAdmin = await h.appWith(fabrikam, ['User.ReadWrite.All']);
      assert.equal((await h.invite(fabrikamAdmin.token, { invitedUserEmailAddress: address, inviteRedirectUrl: redirect })).statusCode, 201);
      const plain = new RedeemClient(h.app);
      const landing = await plain.open((await invite(address)).inviteRedeemUrl);
      assert.ok(landing.body.includes('we will mail a one-time code to it'));
      const code = await plain.post('/redeem/start');
      assert.doesNotMatch(code.body, /Sign in with your|\/redeem\/home/);
      const refused = await plain.post('/redeem/home');
      assert.equal(refused.statusCode, 404);
      assert.ok(refused.body.includes('There is no account to sign in with for this invitation.'));
    });

    it("speaks the invitation's language on the sign-in page and its errors", async () => {
      const wim = await homeMember('wim');
      const inv = await invite(wim.userPrincipalName, { invitedUserMessageInfo: { messageLanguage: 'de-DE' } });
      const { c, page } = await toSignIn(inv.inviteRedeemUrl);
      assert.match(page.body, /<html lang="de-DE">/);
      assert.match(page.body, /<h1>Anmelden<\/h1>/);
      assert.match(page.body, /<label for="passwd">Kennwort<\/label>/);
      assert.equal(noticeOf((await signIn(c, wim.userPrincipalName, 'Falsch#Pass1')).body), 'Ihr Konto oder Kennwort ist falsch.');
    });
  });
}
