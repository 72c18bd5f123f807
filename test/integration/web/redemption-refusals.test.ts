import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { noticeOf, RedeemClient } from '../../helpers/redeem-client.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';
import type { Tenant } from '../../../src/domain/model.js';

const redirect = 'https://myapp.contoso.com/welcome';
const unique = (tag: string) => `${tag}.${Math.random().toString(36).slice(2, 10)}@fabrikam.com`;
const INVALID_LINK = 'This invitation link is not valid.';
const FORM_EXPIRED = 'This page has expired or was already submitted.';
const SESSION_EXPIRED = 'Your session has expired.';

/** A refusal is a friendly HTML page with the status, the strict CSP, and never a stack trace. */
function assertFriendly(res: LightMyRequestResponse, status: number, text: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
  assert.ok(res.body.includes(text), `page says "${text}": ${res.body}`);
  assert.match(res.body, /<html lang="en-US">/);
  assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.doesNotMatch(res.body, /\bat .+:\d+:\d+|node:internal|Error:/);
}

for (const dialect of dialects()) {
  describe(`redemption pages, refusals (${dialect})`, () => {
    let h: GraphHarness;
    let smtp: SmtpSink;
    let tenant: Tenant;
    let other: Tenant;
    let admin: TestApp;
    let otherAdmin: TestApp;
    const clock = new ManualClock();

    before(async () => {
      smtp = await SmtpSink.start();
      h = await GraphHarness.start(dialect, { config: { smtp: smtp.url }, clock });
      tenant = await h.tenant('Contoso Refusals');
      other = await h.tenant('Northwind Refusals');
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
      otherAdmin = await h.appWith(other, ['User.ReadWrite.All']);
    });
    after(async () => { await h.stop(); await smtp.stop(); });

    /** Fresh tokens: the tests move the clock by hours. */
    const token = async (app: TestApp, t: Tenant) => h.token(t.id, app.appId, app.secret);
    const invite = async (email: string, t = tenant, app = admin, extra: Record<string, unknown> = {}) => {
      const res = await h.invite(await token(app, t), { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, ...extra });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; inviteRedeemUrl: string; invitedUser: { id: string } };
    };
    const state = async (id: string) => (await h.graph(await token(admin, tenant), 'GET', `/v1.0/users/${id}?$select=externalUserState`)).json().externalUserState;
    const toCodePage = async (email: string) => {
      const inv = await invite(email);
      const c = new RedeemClient(h.app);
      await c.open(inv.inviteRedeemUrl);
      await c.post('/redeem/start');
      return { inv, c };
    };
    const sendCode = async (c: RedeemClient, email: string) => {
      const before = smtp.messages.length;
      const res = await c.post('/redeem/send-code');
      assert.equal(res.statusCode, 200, res.body);
      return smtp.passcodeFor(email, before);
    };

    it('refuses tampered, truncated, unknown and cross-tenant links with the same friendly page', async () => {
      const inv = await invite(unique('links'));
      const mine = new URL(inv.inviteRedeemUrl);
      const theirs = new URL((await invite(unique('theirs'), other, otherAdmin)).inviteRedeemUrl);
      const ticket = mine.searchParams.get('ticket') ?? '';
      const variant = (changes: Record<string, string | null>, base = mine) => {
        const u = new URL(base.toString());
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) u.searchParams.delete(k); else u.searchParams.set(k, v);
        }
        return `${u.pathname}${u.search}`;
      };
      const flipped = `${ticket.slice(0, 10)}${ticket[10] === 'A' ? 'B' : 'A'}${ticket.slice(11)}`;
      const cases: [string, string][] = [
        ['tampered ticket', variant({ ticket: flipped })],
        ['truncated ticket', variant({ ticket: ticket.slice(0, -1) })],
        ['no ticket', variant({ ticket: null })],
        ['empty query', '/redeem'],
        ['unknown invitation', variant({ user: '01234567-89ab-7def-8123-456789abcdef' })],
        ['not a GUID', variant({ user: "x' or '1'='1" })],
        ['unknown tenant', variant({ tenant: '01234567-89ab-7def-8123-456789abcdef' })],
        ["another tenant's ticket under this tenant", variant({ ticket: theirs.searchParams.get('ticket') ?? '' })],
        ["another tenant's invitation under this tenant", variant({ user: theirs.searchParams.get('user') ?? '', ticket: theirs.searchParams.get('ticket') ?? '' })],
        ["this invitation under another tenant", variant({ tenant: other.id })],
        ['a repeated parameter', `${variant({})}&ticket=${ticket}`],
        ['an unknown page', '/redeem/nothing-here'],
        ['U+0000 in the ticket', variant({ ticket: `${ticket}\u0000` })],
        ['U+0000 in the tenant', variant({ tenant: 'contoso\u0000.example' })],
      ];
      for (const [name, url] of cases) {
        const res = await h.app.inject({ method: 'GET', url });
        assertFriendly(res, 404, INVALID_LINK);
        assert.equal(res.headers['set-cookie'], undefined, `${name}: no session is started`);
      }
      assert.equal((await new RedeemClient(h.app).open(inv.inviteRedeemUrl)).statusCode, 200, 'the real link still works');
    });

    it("refuses a deleted user's link, even in a session opened before the deletion", async () => {
      const inv = await invite(unique('deleted'));
      const c = new RedeemClient(h.app);
      await c.open(inv.inviteRedeemUrl);
      assert.equal((await h.graph(await token(admin, tenant), 'DELETE', `/v1.0/users/${inv.invitedUser.id}`)).statusCode, 204);
      assertFriendly(await c.post('/redeem/start'), 404, INVALID_LINK);
      assertFriendly(await new RedeemClient(h.app).open(inv.inviteRedeemUrl), 404, INVALID_LINK);
    });

    it('a reset redemption voids earlier tickets and open sessions; the new link works', async () => {
      const email = unique('reset');
      const first = await invite(email);
      const c = new RedeemClient(h.app);
      const code = await (async () => { await c.open(first.inviteRedeemUrl); await c.post('/redeem/start'); return sendCode(c, email); })();
      assert.match((await c.post('/redeem/verify', { code })).body, /Review permissions/);
      assert.equal((await c.post('/redeem/accept')).statusCode, 303);
      assert.equal(await state(first.invitedUser.id), 'Accepted');

      const stale = new RedeemClient(h.app);
      await stale.open(first.inviteRedeemUrl);
      const reset = await invite(email, tenant, admin, { invitedUser: { id: first.invitedUser.id }, resetRedemption: true });
      assert.equal(await state(first.invitedUser.id), 'PendingAcceptance');
      assertFriendly(await new RedeemClient(h.app).open(first.inviteRedeemUrl), 404, INVALID_LINK);
      assertFriendly(await stale.post('/redeem/start'), 404, INVALID_LINK);

      const again = new RedeemClient(h.app);
      assert.equal((await again.open(reset.inviteRedeemUrl)).statusCode, 200);
      await again.post('/redeem/start');
      clock.advance(31_000);
      const second = await sendCode(again, email);
      assert.match((await again.post('/redeem/verify', { code: second })).body, /Review permissions/, 'after a reset the guest consents again');
      assert.equal((await again.post('/redeem/accept')).statusCode, 303);
      assert.equal(await state(first.invitedUser.id), 'Accepted');
    });

    it('allows five tries per code; then only a new code works', async () => {
      const email = unique('guess');
      const { inv, c } = await toCodePage(email);
      const code = await sendCode(c, email);
      const wrong = code === '00000000' ? '11111111' : '00000000';
      for (const left of [4, 3, 2, 1, 0]) {
        const res = await c.post('/redeem/verify', { code: wrong });
        assert.equal(res.statusCode, 400);
        assert.equal(noticeOf(res.body), `That code is not right. Tries left: ${left}.`);
      }
      const locked = await c.post('/redeem/verify', { code });
      assert.equal(locked.statusCode, 400);
      assert.equal(noticeOf(locked.body), 'Too many wrong tries. Send a new code.');
      assert.equal(await state(inv.invitedUser.id), 'PendingAcceptance');
      clock.advance(31_000);
      const fresh = await sendCode(c, email);
      assert.match((await c.post('/redeem/verify', { code: ` ${fresh.slice(0, 4)} ${fresh.slice(4)} ` })).body, /Review permissions/, 'spaces in a typed code are ignored');
    });

    it('refuses a code after its 30 minutes, and a code never sent', async () => {
      const email = unique('late');
      const { c } = await toCodePage(email);
      const none = await c.post('/redeem/verify', { code: '12345678' });
      assert.equal(noticeOf(none.body), 'No code is waiting for you. Send a new code.');
      const code = await sendCode(c, email);
      clock.advance(30 * 60_000 + 1000);
      const late = await c.post('/redeem/verify', { code });
      assert.equal(late.statusCode, 400);
      assert.equal(noticeOf(late.body), 'That code has expired. Send a new code.');
      assert.doesNotMatch(late.body, /Review permissions/);
    });

    it('throttles new codes per invitation: one per 30 seconds, five an hour, across sessions', async () => {
      const email = unique('flood');
      const { inv, c } = await toCodePage(email);
      await sendCode(c, email);
      const mails = smtp.messages.length;
      const soon = await c.post('/redeem/send-code');
      assert.equal(soon.statusCode, 429);
      assert.equal(soon.headers['retry-after'], '30');
      assert.match(noticeOf(soon.body) ?? '', /^Please wait 30 seconds/);
      // A new browser session of the same invitation shares the limit.
      const other = new RedeemClient(h.app);
      await other.open(inv.inviteRedeemUrl);
      await other.post('/redeem/start');
      assert.equal((await other.post('/redeem/send-code')).statusCode, 429);
      for (let i = 0; i < 4; i++) {
        clock.advance(31_000);
        await sendCode(i % 2 ? c : other, email);
      }
      clock.advance(31_000);
      const hourly = await c.post('/redeem/send-code');
      assert.equal(hourly.statusCode, 429);
      assert.ok(Number(hourly.headers['retry-after']) > 3000, 'the hourly limit waits for the oldest send to age out');
      assert.equal(smtp.messages.length, mails + 4);
      clock.advance(60 * 60_000);
      await sendCode(c, email);
    });

    it('spends every form token once: replayed and forged POSTs change nothing', async () => {
      const email = unique('replay');
      const { inv, c } = await toCodePage(email);
      const startToken = c.csrf ?? '';
      const code = await sendCode(c, email);
      assertFriendly(await c.post('/redeem/send-code', {}, startToken), 403, FORM_EXPIRED);
      const verifyToken = c.csrf ?? '';
      assert.match((await c.post('/redeem/verify', { code })).body, /Review permissions/);
      assertFriendly(await c.post('/redeem/verify', { code }, verifyToken), 403, FORM_EXPIRED);
      assertFriendly(await c.post('/redeem/accept', {}, 'forged-token'), 403, FORM_EXPIRED);
      assertFriendly(await c.post('/redeem/accept', {}, ''), 403, FORM_EXPIRED);
      const acceptToken = c.csrf ?? '';
      const cookie = c.cookie;
      assert.equal((await c.post('/redeem/accept')).statusCode, 303);
      c.cookie = cookie;
      assertFriendly(await c.post('/redeem/accept', {}, acceptToken), 403, FORM_EXPIRED);
      const audits = (await h.store.audit.list(tenant.id)).filter((a) => a.activityDisplayName === 'Redeem external user invite' && a.targetResources[0].id === inv.invitedUser.id);
      assert.equal(audits.length, 1);
    });

    it('refuses Accept before the passcode, and POSTs without a live session', async () => {
      const email = unique('skip');
      const { inv, c } = await toCodePage(email);
      assertFriendly(await c.post('/redeem/accept'), 403, 'Please confirm your email address first.');
      assert.equal(await state(inv.invitedUser.id), 'PendingAcceptance');
      const csrf = c.csrf ?? '';
      const noCookie = new RedeemClient(h.app);
      assertFriendly(await noCookie.post('/redeem/accept', {}, csrf), 400, SESSION_EXPIRED);
      noCookie.cookie = `portico_redeem=${tenant.id}.${'x'.repeat(43)}`;
      assertFriendly(await noCookie.post('/redeem/start', {}, csrf), 400, SESSION_EXPIRED);
      const json = await h.app.inject({ method: 'POST', url: '/redeem/start', headers: { cookie: c.cookie ?? '', 'content-type': 'application/json' }, payload: JSON.stringify({ csrf }) });
      assert.ok(json.statusCode >= 400 && json.statusCode < 500);
      assert.match(String(json.headers['content-type']), /^text\/html/);
      clock.advance(24 * 60 * 60_000 + 1000);
      assertFriendly(await c.post('/redeem/send-code'), 400, SESSION_EXPIRED);
    });
  });

  describe(`redemption pages, mail server down (${dialect})`, () => {
    it('says so on a friendly page and keeps no code that was never delivered', async () => {
      const { freePort } = await import('../../helpers/portico-process.js');
      const h = await GraphHarness.start(dialect, { config: { smtp: `smtp://127.0.0.1:${await freePort()}` } });
      try {
        const tenant = await h.tenant('Contoso Offline');
        const admin = await h.appWith(tenant, ['User.Invite.All']);
        const inv = (await h.invite(admin.token, { invitedUserEmailAddress: unique('offline'), inviteRedirectUrl: redirect })).json();
        const c = new RedeemClient(h.app);
        await c.open(inv.inviteRedeemUrl);
        await c.post('/redeem/start');
        assertFriendly(await c.post('/redeem/send-code'), 503, 'We could not send your code right now.');
        assert.deepEqual(await h.db.query('SELECT id FROM redemption_codes'), []);
      } finally {
        await h.stop();
      }
    });
  });
}
