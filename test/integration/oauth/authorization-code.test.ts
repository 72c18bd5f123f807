import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { member, PASSWORD, REDIRECT, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';
import { pkce, SignInClient } from '../../helpers/signin-client.js';

for (const dialect of dialects()) {
  describe(`authorization code flow with PKCE (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let ada: User;
    let client: SignInApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Contoso Sign-in');
      ada = await member(h.store, tenant, 'Ada');
      client = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read', 'User.Invite.All'], adminConsent: ['User.Invite.All'] });
    });
    after(async () => h.stop());

    const authorizeUrl = (p: Record<string, string>) => `/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({
      client_id: client.app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read User.Invite.All openid profile offline_access',
      state: 'st-1', nonce: 'n-1', ...p,
    })}`;

    /** Signs Ada in and consents; returns the code from the redirect. */
    async function signInAndConsent(browser: SignInClient, challenge: string, extra: Record<string, string> = {}): Promise<URL> {
      let page = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', ...extra }));
      if (/name="passwd"/.test(page.body)) page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      if (/id="accept"/.test(page.body)) page = await browser.submit(page, { decision: 'accept' });
      assert.equal(page.statusCode, 302, page.body.slice(0, 3000));
      return new URL(String(page.headers.location));
    }

    const redeem = (code: string, verifier: string, over: Record<string, string> = {}) => h.tokenRequest(tenant.id, {
      grant_type: 'authorization_code', client_id: client.app.appId, code, redirect_uri: REDIRECT, code_verifier: verifier,
      scope: 'User.Read openid profile offline_access', client_info: '1', ...over,
    });

    it('shows a sign-in page with a strict CSP, anti-framing headers and a CSRF field', async () => {
      const page = await new SignInClient(h.app).get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256', login_hint: 'ada@x' }));
      assert.equal(page.statusCode, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'nonce-[^']+'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.match(page.body, /name="csrf" value="[A-Za-z0-9_-]{43}"/);
      assert.match(page.body, /value="ada@x"/);
      assert.match(page.body, /Contoso Sign-in/);
    });

    it('signs in, asks consent only for what is not granted, and redirects with code and state', async () => {
      const browser = new SignInClient(h.app);
      const { challenge } = pkce();
      let page = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }));
      const wrong = await browser.submit(page, { login: ada.userPrincipalName, passwd: 'wrong-Password1' });
      assert.match(wrong.body, /AADSTS50126/);
      page = await browser.submit(wrong, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /Permissions requested/);
      assert.match(page.body, /data-scope="User.Read"/);
      assert.doesNotMatch(page.body, /data-scope="User.Invite.All"/, 'granted tenant-wide already');
      const done = await browser.submit(page, { decision: 'accept' });
      assert.equal(done.statusCode, 302);
      const location = new URL(String(done.headers.location));
      assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
      assert.equal(location.searchParams.get('state'), 'st-1');
      assert.match(location.searchParams.get('code') ?? '', /^1\./);
      const [row] = await h.db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM consent_grants WHERE principal_id = '${ada.id}'`);
      assert.equal(Number(row.n), 1);
    });

    it('redeems the code once for access, id and refresh tokens shaped like Entra\'s', async () => {
      const browser = new SignInClient(h.app);
      const { verifier, challenge } = pkce();
      const code = (await signInAndConsent(browser, challenge)).searchParams.get('code') ?? '';
      const res = await redeem(code, verifier);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.ok(body.refresh_token);
      assert.deepEqual(JSON.parse(Buffer.from(body.client_info, 'base64url').toString()), { uid: ada.id, utid: tenant.id });
      const at = decodeJwt(body.access_token);
      assert.equal(at.aud, 'https://graph.microsoft.com');
      assert.equal(at.iss, `${PUBLIC_URL}/${tenant.id}/v2.0`);
      assert.equal(at.idtyp, 'user');
      assert.equal(at.oid, ada.id);
      assert.equal(at.tid, tenant.id);
      assert.equal(at.azp, client.app.appId);
      assert.equal(at.azpacr, '0');
      assert.equal(at.name, 'Ada');
      assert.equal(at.preferred_username, ada.userPrincipalName);
      assert.deepEqual(String(at.scp).split(' ').sort(), ['User.Invite.All', 'User.Read', 'openid', 'profile']);
      assert.deepEqual(at.wids, []);
      const id = decodeJwt(body.id_token);
      assert.equal(id.aud, client.app.appId);
      assert.equal(id.nonce, 'n-1');
      assert.equal(id.oid, ada.id);
      assert.equal(id.sub, at.sub);
      const again = await redeem(code, verifier);
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().error, 'invalid_grant');
    });

    it('a replayed code is refused as already redeemed and revokes the refresh token its first use issued', async () => {
      const browser = new SignInClient(h.app);
      const { verifier, challenge } = pkce();
      const code = (await signInAndConsent(browser, challenge)).searchParams.get('code') ?? '';
      const first = await redeem(code, verifier);
      assert.equal(first.statusCode, 200, first.body);
      const refresh = () => h.tokenRequest(tenant.id, {
        grant_type: 'refresh_token', client_id: client.app.appId, refresh_token: first.json().refresh_token, scope: 'User.Read offline_access',
      });
      const replay = await redeem(code, verifier);
      assert.equal(replay.statusCode, 400);
      assert.equal(replay.json().error, 'invalid_grant');
      assert.deepEqual(replay.json().error_codes, [54005]);
      assert.match(replay.json().error_description, /^AADSTS54005: OAuth2 Authorization code was already redeemed/);
      const after = await refresh();
      assert.equal(after.statusCode, 400, after.body);
      assert.equal(after.json().error, 'invalid_grant');
      // A code never issued is still just invalid, and revokes nothing.
      const unknown = await redeem('1.never-issued', verifier);
      assert.deepEqual(unknown.json().error_codes, [70000]);
    });

    it('binds the code to its PKCE verifier, redirect URI and client; a failed try spends it', async () => {
      const browser = new SignInClient(h.app);
      const { verifier, challenge } = pkce();
      const c1 = (await signInAndConsent(browser, challenge)).searchParams.get('code') ?? '';
      const bad = await redeem(c1, pkce().verifier);
      assert.equal(bad.json().error, 'invalid_grant');
      assert.deepEqual(bad.json().error_codes, [501481]);
      assert.equal((await redeem(c1, verifier)).statusCode, 400, 'spent by the failed attempt');
      const c2 = (await signInAndConsent(browser, challenge)).searchParams.get('code') ?? '';
      assert.equal((await redeem(c2, verifier, { redirect_uri: 'http://localhost:7000/other' })).json().error, 'invalid_grant');
      const other = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'] });
      const c3 = (await signInAndConsent(browser, challenge)).searchParams.get('code') ?? '';
      assert.equal((await redeem(c3, verifier, { client_id: other.app.appId })).json().error, 'invalid_grant');
    });

    it('the delegated token reads GET /me (v1.0 and beta, $select) and invites through POST /invitations', async () => {
      const { verifier, challenge } = pkce();
      const code = (await signInAndConsent(new SignInClient(h.app), challenge)).searchParams.get('code') ?? '';
      const token = (await redeem(code, verifier)).json().access_token as string;
      const me = await h.graph(token, 'GET', '/v1.0/me');
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().id, ada.id);
      assert.equal(me.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#users/$entity`);
      const byId = await h.graph((await h.appWith(tenant, ['User.Read.All'])).token, 'GET', `/v1.0/users/${ada.id}`);
      const { '@odata.context': _c1, ...meBody } = me.json();
      const { '@odata.context': _c2, ...byIdBody } = byId.json();
      assert.deepEqual(meBody, byIdBody);
      const beta = await h.graph(token, 'GET', '/beta/me?$select=displayName,userType');
      assert.deepEqual(Object.keys(beta.json()).sort(), ['@odata.context', 'displayName', 'id', 'userType']);
      // A $select reads only the collections it shows (UserRepo.findById): the ones it shows are whole.
      const full = (await h.graph((await h.appWith(tenant, ['User.Read.All'])).token, 'GET', `/beta/users/${ada.id}`)).json();
      for (const select of ['otherMails,identities', 'displayName,proxyAddresses', 'mail']) {
        const { '@odata.context': _c3, ...shown } = (await h.graph(token, 'GET', `/beta/me?$select=${select}`)).json();
        assert.deepEqual(shown, Object.fromEntries(['id', ...select.split(',')].map((n) => [n, full[n]])));
      }
      assert.ok(full.identities.length > 0, 'ada has an identity to show');
      const invite = await h.invite(token, { invitedUserEmailAddress: 'grace@fabrikam.example', inviteRedirectUrl: 'https://contoso.example', sendInvitationMessage: false });
      assert.equal(invite.statusCode, 201, invite.body);
      const appOnly = await h.graph((await h.appWith(tenant, ['User.Read.All'])).token, 'GET', '/v1.0/me');
      assert.equal(appOnly.statusCode, 400);
      assert.equal(appOnly.json().error.message, '/me request is only valid with delegated authentication flow.');
    });

    it('prompt=none: a code when signed in and consented, login_required when not', async () => {
      const browser = new SignInClient(h.app);
      const { challenge } = pkce();
      await signInAndConsent(browser, challenge);
      const silent = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none' }));
      assert.equal(silent.statusCode, 302);
      assert.ok(new URL(String(silent.headers.location)).searchParams.get('code'));
      const none = await new SignInClient(h.app).get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none' }));
      const loc = new URL(String(none.headers.location));
      assert.equal(loc.searchParams.get('error'), 'login_required');
      assert.equal(loc.searchParams.get('state'), 'st-1');
      const login = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', prompt: 'login' }));
      assert.match(login.body, /name="passwd"/, 'prompt=login asks again');
      const consent = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', prompt: 'consent' }));
      assert.match(consent.body, /Permissions requested/);
    });

    it('response_mode=form_post answers with a self-submitting form whose CSP allows only the redirect URI', async () => {
      const url = await signInAndConsent(new SignInClient(h.app), pkce().challenge);
      assert.ok(url);
      const browser = new SignInClient(h.app);
      const { challenge } = pkce();
      let page = await browser.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'form_post' }));
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<form method="post" action="${REDIRECT}"`));
      assert.match(page.body, /name="code" value="1\./);
      assert.match(page.body, /name="state" value="st-1"/);
      assert.match(String(page.headers['content-security-policy']), new RegExp(`form-action 'self' ${REDIRECT}`));
    });

    it('never redirects to an unregistered URI; other bad requests go back as OAuth errors', async () => {
      const evil = await new SignInClient(h.app).get(authorizeUrl({ redirect_uri: 'https://evil.example/cb', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      assert.equal(evil.statusCode, 400);
      assert.equal(evil.headers.location, undefined);
      assert.match(evil.body, /AADSTS50011/);
      const prefix = await new SignInClient(h.app).get(authorizeUrl({ redirect_uri: `${REDIRECT}/x`, code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      assert.equal(prefix.statusCode, 400, 'exact match only');
      const noPkce = await new SignInClient(h.app).get(authorizeUrl({}));
      const loc = new URL(String(noPkce.headers.location));
      assert.equal(loc.searchParams.get('error'), 'invalid_request');
      assert.match(loc.searchParams.get('error_description') ?? '', /^AADSTS9002325/);
      const plain = await new SignInClient(h.app).get(authorizeUrl({ code_challenge: pkce().verifier, code_challenge_method: 'plain' }));
      assert.equal(new URL(String(plain.headers.location)).searchParams.get('error'), 'invalid_request');
      const scope = await new SignInClient(h.app).get(authorizeUrl({ scope: 'Mail.Send', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      assert.equal(new URL(String(scope.headers.location)).searchParams.get('error'), 'invalid_scope');
      const xss = await new SignInClient(h.app).get(authorizeUrl({ login_hint: '"><script>alert(1)</script>', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      assert.doesNotMatch(xss.body, /<script>alert/);
      assert.match(xss.body, /&quot;&gt;&lt;script&gt;/);
    });

    it('answers a sign-in form or link holding U+0000 with a 400 page, never the database\'s error', async () => {
      const browser = new SignInClient(h.app);
      const page = await browser.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const posted = await browser.submit(page, { login: `${ada.userPrincipalName}\u0000`, passwd: PASSWORD });
      assert.equal(posted.statusCode, 400);
      assert.match(posted.body, /AADSTS9002313/);
      const hinted = await new SignInClient(h.app).get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256', login_hint: 'ada\u0000@x' }));
      assert.equal(hinted.statusCode, 400);
      assert.match(hinted.body, /AADSTS9002313/);
    });

    it('refuses a form posted without the CSRF token, or with another browser\'s', async () => {
      const a = new SignInClient(h.app);
      const page = await a.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const b = new SignInClient(h.app);
      await b.get(authorizeUrl({ code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
      const forged = await b.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.headers.location, undefined);
      const none = await a.submit(page, { csrf: '', login: ada.userPrincipalName, passwd: PASSWORD });
      assert.equal(none.statusCode, 403);
    });

    it('cancel on the consent page returns access_denied; admin-only scopes without a tenant grant show "Need admin approval"', async () => {
      const strict = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.ReadWrite.All', 'User.Read'] });
      const browser = new SignInClient(h.app);
      const url = `/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: strict.app.appId, response_type: 'code', redirect_uri: REDIRECT,
        scope: 'User.ReadWrite.All openid', state: 's', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`;
      let page = await browser.get(url);
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /Need admin approval/);
      assert.match(page.body, /data-scope="User.ReadWrite.All"/);
      const back = await browser.submit(page, { decision: 'cancel' });
      assert.equal(new URL(String(back.headers.location)).searchParams.get('error'), 'access_denied');
    });

    it('a session and a code made by one process work at another process on the same database', async () => {
      const second = await h.secondInstance();
      const browser = new SignInClient(h.app);
      const { verifier, challenge } = pkce();
      await signInAndConsent(browser, challenge);
      const elsewhere = new SignInClient(second);
      for (const [k, v] of browser.cookies) elsewhere.cookies.set(k, v);
      const silent = await elsewhere.get(authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256', prompt: 'none' }));
      assert.equal(silent.statusCode, 302, silent.body);
      const code = new URL(String(silent.headers.location)).searchParams.get('code') ?? '';
      assert.ok(code);
      const res = await second.inject({ method: 'POST', url: `/${tenant.id}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.app.appId, code, redirect_uri: REDIRECT, code_verifier: verifier }).toString() });
      assert.equal(res.statusCode, 200, res.body);
    });

    it('of concurrent redemptions of one code exactly one succeeds', async () => {
      const { verifier, challenge } = pkce();
      const code = (await signInAndConsent(new SignInClient(h.app), challenge)).searchParams.get('code') ?? '';
      const results = await Promise.all(Array.from({ length: 5 }, () => redeem(code, verifier)));
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 400, 400, 400, 400]);
    });
  });
}
