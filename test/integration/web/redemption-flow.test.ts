import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { RedeemClient } from '../../helpers/redeem-client.js';
import { SmtpSink, toAddresses } from '../../helpers/smtp-sink.js';
import { sha256 } from '../../../src/domain/random.js';
import type { Tenant } from '../../../src/domain/model.js';

const redirect = 'https://myapp.contoso.com/welcome?x=1&y=<2>';
const unique = (tag: string) => `${tag}.${Math.random().toString(36).slice(2, 10)}@fabrikam.com`;
const select = '$select=externalUserState,externalUserStateChangeDateTime,identities';

for (const dialect of dialects()) {
  describe(`redemption pages, the happy paths (${dialect})`, () => {
    let h: GraphHarness;
    let smtp: SmtpSink;
    let tenant: Tenant;
    let admin: TestApp;
    const clock = new ManualClock();

    before(async () => {
      smtp = await SmtpSink.start();
      h = await GraphHarness.start(dialect, { config: { smtp: smtp.url }, clock });
      tenant = await h.tenant('Contoso <script>alert(1)</script> & Co');
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => { await h.stop(); await smtp.stop(); });

    const invite = async (email: string, extra: Record<string, unknown> = {}) => {
      const res = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; inviteRedeemUrl: string; invitedUser: { id: string } };
    };
    const user = async (id: string) => (await h.graph(admin.token, 'GET', `/v1.0/users/${id}?${select}`)).json();

    /** Landing -> Accept invitation -> Send code -> Verify with the mailed code. */
    const throughPasscode = async (c: RedeemClient, link: string, email: string) => {
      assert.equal((await c.open(link)).statusCode, 200);
      assert.equal((await c.post('/redeem/start')).statusCode, 200);
      const before = smtp.messages.length;
      clock.advance(31_000); // past the resend throttle of the invitation
      assert.equal((await c.post('/redeem/send-code')).statusCode, 200);
      return c.post('/redeem/verify', { code: await smtp.passcodeFor(email, before) });
    };

    it('accepts through landing, passcode and Review permissions, then 303s to the stored redirect URL', async () => {
      const email = unique('ana');
      const inv = await invite(email);
      const c = new RedeemClient(h.app);
      const landing = await c.open(inv.inviteRedeemUrl);
      assert.equal(landing.statusCode, 200);
      assert.match(String(landing.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.match(landing.body, /<html lang="en-US">/);
      assert.match(landing.body, /<meta name="viewport"/);
      assert.match(landing.body, /<h1>You&#39;re invited<\/h1>/);
      assert.ok(landing.body.includes(email));
      assert.ok(landing.body.includes('Contoso &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co'), 'the organization is named, escaped');
      assert.ok(!landing.body.includes('<script'), 'no value from the directory becomes markup');
      assert.match(landing.body, /<button type="submit" class="primary">Accept invitation<\/button>/);
      assert.equal(landing.headers['content-security-policy'], "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'");
      assert.equal(landing.headers['x-frame-options'], 'DENY');
      assert.equal(landing.headers['referrer-policy'], 'no-referrer');
      assert.equal(landing.headers['cache-control'], 'no-store');
      const cookie = String(landing.headers['set-cookie']);
      assert.match(cookie, /^portico_redeem=[0-9a-f-]{36}\.[\w-]{43}; Path=\/redeem; Max-Age=86400; HttpOnly; SameSite=Lax; Secure$/);

      const codePage = await c.post('/redeem/start');
      assert.match(codePage.body, /<h1>Enter your code<\/h1>/);
      assert.match(codePage.body, />Send code<\/button>/);
      const sent = await c.post('/redeem/send-code');
      assert.match(sent.body, /<label for="code">Code<\/label>/);
      assert.match(sent.body, /<input id="code" name="code"/);
      assert.match(sent.body, />Verify<\/button>/);
      const mail = await smtp.waitForMail((m) => toAddresses(m).includes(email));
      assert.equal(mail.subject, 'Your verification code for Contoso <script>alert(1)</script> & Co');
      const code = /\b(\d{8})\b/.exec(mail.text ?? '')?.[1] ?? '';
      assert.match(code, /^\d{8}$/);
      assert.ok(String(mail.html).includes(code));
      const stored = await h.db.query<{ code_hash: string }>('SELECT code_hash FROM redemption_codes');
      assert.ok(stored.length > 0 && stored.every((r) => !r.code_hash.includes(code)), 'codes are stored hashed');

      const consent = await c.post('/redeem/verify', { code });
      assert.equal(consent.statusCode, 200);
      assert.match(consent.body, /<h1>Review permissions<\/h1>/);
      assert.match(consent.body, /Your email address \(/);
      assert.ok(consent.body.includes('https://myapp.contoso.com/welcome?x=1&amp;y=&lt;2&gt;'));
      assert.match(consent.body, />Accept<\/button>/);
      assert.match(consent.body, />Cancel<\/button>/);
      assert.equal((await user(inv.invitedUser.id)).externalUserState, 'PendingAcceptance', 'nothing changes before Accept');

      const accepted = await c.post('/redeem/accept');
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, new URL(redirect).href);
      assert.match(String(accepted.headers['set-cookie']), /^portico_redeem=; Path=\/redeem; Max-Age=0/);
      const u = await user(inv.invitedUser.id);
      assert.equal(u.externalUserState, 'Accepted');
      assert.match(u.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(u.identities.at(-1), { signInType: 'emailAddress', issuer: 'mail', issuerAssignedId: email });
      assert.equal((await h.store.invitations.findById(tenant.id, inv.id))?.status, 'Completed');
      const audit = (await h.store.audit.list(tenant.id)).filter((a) => a.activityDisplayName === 'Redeem external user invite');
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0].targetResources.map((t) => t.id), [inv.invitedUser.id]);
      assert.equal(audit[0].category, 'UserManagement');
      assert.equal(audit[0].initiatedBy.kind, 'user');
      assert.equal(audit[0].result, 'success');
    });

    it('GET never consumes: opening the link again and again sends nothing and changes nothing', async () => {
      const email = unique('scanner');
      const inv = await invite(email);
      const mails = smtp.messages.length;
      for (let i = 0; i < 3; i++) assert.equal((await new RedeemClient(h.app).open(inv.inviteRedeemUrl)).statusCode, 200);
      assert.equal(smtp.messages.length, mails);
      assert.equal((await user(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
      const consent = await throughPasscode(new RedeemClient(h.app), inv.inviteRedeemUrl, email);
      assert.match(consent.body, /Review permissions/);
    });

    it('goes straight to the redirect URL after the passcode when the guest has accepted before', async () => {
      const email = unique('again');
      const inv = await invite(email);
      const first = new RedeemClient(h.app);
      await throughPasscode(first, inv.inviteRedeemUrl, email);
      assert.equal((await first.post('/redeem/accept')).statusCode, 303);
      const changed = (await user(inv.invitedUser.id)).externalUserStateChangeDateTime;
      const back = await throughPasscode(new RedeemClient(h.app), inv.inviteRedeemUrl, email);
      assert.equal(back.statusCode, 303);
      assert.equal(back.headers.location, new URL(redirect).href);
      const u = await user(inv.invitedUser.id);
      assert.equal(u.externalUserStateChangeDateTime, changed);
      assert.equal(u.identities.filter((i: { signInType: string }) => i.signInType === 'emailAddress').length, 1);
      const audits = (await h.store.audit.list(tenant.id)).filter((a) => a.activityDisplayName === 'Redeem external user invite' && a.targetResources[0].id === inv.invitedUser.id);
      assert.equal(audits.length, 1);
    });

    it('Cancel leaves the invitation pending, and the link works afterwards', async () => {
      const email = unique('undecided');
      const inv = await invite(email);
      const c = new RedeemClient(h.app);
      await throughPasscode(c, inv.inviteRedeemUrl, email);
      const cancelled = await c.post('/redeem/cancel');
      assert.equal(cancelled.statusCode, 200);
      assert.match(cancelled.body, /<h1>Invitation not accepted<\/h1>/);
      assert.equal((await user(inv.invitedUser.id)).externalUserState, 'PendingAcceptance');
      assert.equal((await h.store.invitations.findById(tenant.id, inv.id))?.status, 'PendingAcceptance');
      const later = new RedeemClient(h.app);
      await throughPasscode(later, inv.inviteRedeemUrl, email);
      assert.equal((await later.post('/redeem/accept')).statusCode, 303);
      assert.equal((await user(inv.invitedUser.id)).externalUserState, 'Accepted');
    });

    it("accepts the mailed link's own ticket as well as the API's", async () => {
      const email = unique('mailed');
      const inv = await invite(email);
      const mailedTicket = 'mailed-ticket-minted-by-the-dispatcher-0123456789';
      await h.store.transact((r) => r.invitations.setMailTicketHashes(tenant.id, [{ id: inv.id, hash: sha256(mailedTicket) }]));
      const link = new URL(inv.inviteRedeemUrl);
      link.searchParams.set('ticket', mailedTicket);
      assert.equal((await new RedeemClient(h.app).open(link.toString())).statusCode, 200);
      assert.equal((await new RedeemClient(h.app).open(inv.inviteRedeemUrl)).statusCode, 200);
    });

    it("speaks the invitation's messageLanguage, else the browser's language, in pages and the code mail", async () => {
      const german = unique('de');
      const inv = await invite(german, { invitedUserMessageInfo: { messageLanguage: 'de-DE' } });
      const c = new RedeemClient(h.app, 'fr-FR');
      const landing = await c.open(inv.inviteRedeemUrl);
      assert.match(landing.body, /<html lang="de-DE">/);
      assert.match(landing.body, /<h1>Sie wurden eingeladen<\/h1>/);
      assert.match(landing.body, />Einladung annehmen</);
      await c.post('/redeem/start');
      const before = smtp.messages.length;
      await c.post('/redeem/send-code');
      const mail = await smtp.waitForMail((m) => smtp.messages.indexOf(m) >= before && toAddresses(m).includes(german));
      assert.match(mail.subject ?? '', /^Ihr Bestätigungscode für /);

      const french = await new RedeemClient(h.app, 'fr-CA,en;q=0.5').open((await invite(unique('fr'))).inviteRedeemUrl);
      assert.match(french.body, /<html lang="fr-FR">/);
      assert.match(french.body, /<h1>Vous êtes invité<\/h1>/);
      const fallback = await new RedeemClient(h.app, 'sv-SE').open((await invite(unique('sv'))).inviteRedeemUrl);
      assert.match(fallback.body, /<html lang="en-US">/);
    });

    it('shares sessions through the database: each step may reach another process', async () => {
      const email = unique('roaming');
      const inv = await invite(email);
      const second = await h.secondInstance();
      const a = new RedeemClient(h.app);
      await a.open(inv.inviteRedeemUrl);
      const b = new RedeemClient(second);
      b.cookie = a.cookie;
      b.csrf = a.csrf;
      assert.match((await b.post('/redeem/start')).body, /Send code/);
      a.csrf = b.csrf;
      const before = smtp.messages.length;
      clock.advance(31_000);
      await a.post('/redeem/send-code');
      b.csrf = a.csrf;
      assert.match((await b.post('/redeem/verify', { code: await smtp.passcodeFor(email, before) })).body, /Review permissions/);
      a.csrf = b.csrf;
      assert.equal((await a.post('/redeem/accept')).statusCode, 303);
      assert.equal((await user(inv.invitedUser.id)).externalUserState, 'Accepted');
    });

    it('sends the browser to the stored redirect URL in its serialized form, whatever characters it has', async () => {
      const email = unique('unicode');
      const res = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: 'https://äpp.contoso.com/wëlcome?q=ü x' });
      assert.equal(res.statusCode, 201, res.body);
      const c = new RedeemClient(h.app);
      await throughPasscode(c, res.json().inviteRedeemUrl, email);
      const accepted = await c.post('/redeem/accept');
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, 'https://xn--pp-uia.contoso.com/w%C3%ABlcome?q=%C3%BC%20x');
    });

    it('serves its stylesheet from its own origin', async () => {
      const css = await h.app.inject({ method: 'GET', url: '/redeem/assets/portico.css' });
      assert.equal(css.statusCode, 200);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.match(css.body, /\.card/);
    });
  });
}
