import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { X509Certificate, createHash } from 'node:crypto';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { member, PASSWORD, REDIRECT, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';
import { SignInClient } from '../../helpers/signin-client.js';
import { makeTestCertificate, type TestCertificate } from '../../helpers/tls.js';

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`token grants for people and certificates (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let ada: User;
    let pub: SignInApp;
    let conf: SignInApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Fabrikam Grants');
      ada = await member(h.store, tenant, 'Ada Grants');
      pub = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read', 'User.Invite.All'], adminConsent: ['User.Read', 'User.Invite.All'] });
      conf = await signInApp(h.store, tenant, { publicClient: false, delegated: ['User.Read'], adminConsent: ['User.Read'], certificatePem: cert.cert });
    });
    after(async () => h.stop());

    const ropc = (over: Record<string, string> = {}, ip?: string) => h.tokenRequest(tenant.id, {
      grant_type: 'password', client_id: pub.app.appId, username: ada.userPrincipalName, password: PASSWORD,
      scope: 'User.Read openid profile offline_access', ...over,
    }, ip ? { 'x-forwarded-for': ip } : {});

    it('ROPC works for a public client app with consent, not for a confidential one', async () => {
      const ok = await ropc();
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(decodeJwt(ok.json().access_token).oid, ada.id);
      const confidential = await ropc({ client_id: conf.app.appId });
      assert.equal(confidential.statusCode, 401);
      assert.deepEqual(confidential.json().error_codes, [7000218]);
      const noConsent = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'] });
      const r = await ropc({ client_id: noConsent.app.appId });
      assert.equal(r.json().error, 'invalid_grant');
      assert.deepEqual(r.json().error_codes, [65001]);
      assert.equal(r.json().suberror, 'consent_required');
    });

    it('refresh tokens rotate; replaying a rotated one revokes the whole family', async () => {
      const first = (await ropc()).json().refresh_token as string;
      const r1 = await h.tokenRequest(tenant.id, { grant_type: 'refresh_token', client_id: pub.app.appId, refresh_token: first, scope: 'User.Read openid offline_access' });
      assert.equal(r1.statusCode, 200, r1.body);
      const second = r1.json().refresh_token as string;
      assert.ok(second && second !== first);
      assert.equal(decodeJwt(r1.json().access_token).oid, ada.id);
      const replay = await h.tokenRequest(tenant.id, { grant_type: 'refresh_token', client_id: pub.app.appId, refresh_token: first });
      assert.equal(replay.statusCode, 400);
      assert.deepEqual(replay.json().error_codes, [50173]);
      const afterReplay = await h.tokenRequest(tenant.id, { grant_type: 'refresh_token', client_id: pub.app.appId, refresh_token: second });
      assert.deepEqual(afterReplay.json().error_codes, [50173], 'the family is revoked');
    });

    it('a refresh token is bound to its client and tenant', async () => {
      const rt = (await ropc()).json().refresh_token as string;
      const other = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'] });
      assert.equal((await h.tokenRequest(tenant.id, { grant_type: 'refresh_token', client_id: other.app.appId, refresh_token: rt })).json().error, 'invalid_grant');
      const otherTenant = await h.tenant();
      const foreign = await h.tokenRequest(otherTenant.id, { grant_type: 'refresh_token', client_id: pub.app.appId, refresh_token: rt });
      assert.equal(foreign.statusCode, 400);
      assert.equal(foreign.json().access_token, undefined);
    });

    it('locks an account after 10 failed passwords (AADSTS50053), even for the right password', async () => {
      const bob = await member(h.store, tenant, 'Bob Lockout');
      for (let i = 0; i < 10; i++) {
        const r = await ropc({ username: bob.userPrincipalName, password: `Wrong#pass${i}` });
        assert.deepEqual(r.json().error_codes, [50126], `attempt ${i}`);
      }
      const locked = await ropc({ username: bob.userPrincipalName });
      assert.equal(locked.json().error, 'invalid_grant');
      assert.deepEqual(locked.json().error_codes, [50053]);
      const page = new SignInClient(h.app);
      let p = await page.get(`/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: conf.app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read' })}`);
      p = await page.submit(p, { login: bob.userPrincipalName, passwd: PASSWORD });
      assert.match(p.body, /AADSTS50053/);
      assert.equal((await ropc()).statusCode, 200, 'other accounts are unaffected');
    });

    it('locks a source address after 50 failures across accounts (AADSTS50053); other addresses still sign in', async () => {
      const fromIp = (ip: string, username: string, password: string) => h.app.inject({
        method: 'POST', url: `/${tenant.id}/oauth2/v2.0/token`, remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ grant_type: 'password', client_id: pub.app.appId, username, password, scope: 'User.Read' }).toString(),
      });
      for (let i = 0; i < 50; i++) {
        const r = await fromIp('203.0.113.7', `nobody${i}@${tenant.initialDomain}`, 'Guess#1234');
        assert.deepEqual(r.json().error_codes, [50126], `attempt ${i}`);
      }
      assert.deepEqual((await fromIp('203.0.113.7', ada.userPrincipalName, PASSWORD)).json().error_codes, [50053]);
      assert.equal((await fromIp('198.51.100.4', ada.userPrincipalName, PASSWORD)).statusCode, 200);
    });

    it('device code: pending, slow_down, the device login page, then tokens once', async () => {
      const start = await h.app.inject({ method: 'POST', url: `/${tenant.id}/oauth2/v2.0/devicecode`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ client_id: pub.app.appId, scope: 'User.Read openid profile offline_access' }).toString() });
      assert.equal(start.statusCode, 200, start.body);
      const d = start.json();
      assert.equal(d.verification_uri, `${PUBLIC_URL}/devicelogin`);
      assert.equal(d.interval, 5);
      assert.equal(d.expires_in, 900);
      assert.match(d.user_code, /^[A-Z2-9]{9}$/);
      assert.ok(d.message.includes(d.user_code));
      const poll = () => h.tokenRequest(tenant.id, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: pub.app.appId, device_code: d.device_code });
      assert.equal((await poll()).json().error, 'authorization_pending');
      assert.equal((await poll()).json().error, 'slow_down');

      const browser = new SignInClient(h.app);
      let page = await browser.get('/devicelogin');
      const wrong = await browser.submit(page, { otc: 'AAAAAAAAA' });
      assert.match(wrong.body, /didn’t work/);
      page = await browser.submit(wrong, { otc: d.user_code.toLowerCase() });
      assert.match(page.body, /name="passwd"/);
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /You have signed in to the/);

      const done = await poll();
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(decodeJwt(done.json().access_token).oid, ada.id);
      assert.ok(done.json().refresh_token);
      assert.equal((await poll()).json().error, 'invalid_grant', 'handed out once');
      assert.equal((await h.tokenRequest(tenant.id, { grant_type: 'device_code', client_id: pub.app.appId, device_code: 'nope' })).json().error, 'invalid_grant');
    });

    it('device code: declining on the consent page gives access_denied', async () => {
      const needsConsent = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'] });
      const d = (await h.app.inject({ method: 'POST', url: `/${tenant.id}/oauth2/v2.0/devicecode`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ client_id: needsConsent.app.appId, scope: 'User.Read' }).toString() })).json();
      const browser = new SignInClient(h.app);
      let page = await browser.submit(await browser.get('/devicelogin'), { otc: d.user_code });
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /Permissions requested/);
      page = await browser.submit(page, { decision: 'cancel' });
      const r = await h.tokenRequest(tenant.id, { grant_type: 'device_code', client_id: needsConsent.app.appId, device_code: d.device_code });
      assert.equal(r.json().error, 'access_denied');
      const confidential = await h.app.inject({ method: 'POST', url: `/${tenant.id}/oauth2/v2.0/devicecode`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ client_id: conf.app.appId, scope: 'User.Read' }).toString() });
      assert.deepEqual(confidential.json().error_codes, [7000218]);
    });

    async function assertion(claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
      const key = await importPKCS8(cert.key, 'PS256');
      const now = Math.floor(Date.now() / 1000);
      const x5tS256 = createHash('sha256').update(new X509Certificate(cert.cert).raw).digest('base64url');
      // As msal-node builds it (client-compat.md): PS256 with x5t#S256, aud = the token endpoint, nbf a second after iat.
      return new SignJWT({
        iss: conf.app.appId, sub: conf.app.appId, aud: `${PUBLIC_URL}/${tenant.id}/oauth2/v2.0/token`,
        iat: now, nbf: now + 1, exp: now + 600, jti: randomUUID(), ...claims,
      }).setProtectedHeader({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tS256, ...header }).sign(key);
    }
    const certGrant = (a: string) => h.tokenRequest(tenant.id, {
      grant_type: 'client_credentials', client_id: conf.app.appId, scope: 'https://graph.microsoft.com/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: a,
    });

    it('client credentials with a certificate assertion; its jti works once', async () => {
      const a = await assertion();
      const ok = await certGrant(a);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(decodeJwt(ok.json().access_token).appidacr, '2');
      const replay = await certGrant(a);
      assert.equal(replay.statusCode, 401);
      assert.equal(replay.json().error, 'invalid_client');
    });

    it('refuses assertions with a wrong audience, issuer, lifetime, unknown certificate or forged signature', async () => {
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, Promise<string>, number][] = [
        ['audience', assertion({ aud: `${PUBLIC_URL}/other/oauth2/v2.0/token` }), 700023],
        ['issuer', assertion({ iss: randomUUID(), sub: randomUUID() }), 700021],
        ['expired', assertion({ exp: now - 3600, iat: now - 4000, nbf: now - 4000 }), 700024],
        ['unknown certificate', assertion({}, { 'x5t#S256': 'AAAA' }), 700027],
      ];
      for (const [name, a, code] of cases) {
        const r = await certGrant(await a);
        assert.equal(r.statusCode, 401, name);
        assert.deepEqual(r.json().error_codes, [code], `${name}: ${r.body}`);
      }
      const good = await assertion();
      const [hd, pl] = good.split('.');
      const other = (await assertion()).split('.')[2];
      assert.deepEqual((await certGrant(`${hd}.${pl}.${other}`)).json().error_codes, [700027]);
    });

    it('userinfo answers for a delegated token with the id token\'s sub, and refuses app tokens', async () => {
      const t = (await ropc()).json();
      const info = await h.app.inject({ method: 'GET', url: '/oidc/userinfo', headers: { authorization: `Bearer ${t.access_token}` } });
      assert.equal(info.statusCode, 200, info.body);
      assert.equal(info.json().sub, decodeJwt(t.id_token).sub);
      assert.equal(info.json().name, 'Ada Grants');
      const app = await h.app.inject({ method: 'GET', url: '/oidc/userinfo', headers: { authorization: `Bearer ${(await h.appWith(tenant, ['User.Read.All'])).token}` } });
      assert.equal(app.statusCode, 401);
      assert.match(String(app.headers['www-authenticate']), /invalid_token/);
    });

    it('logout ends the session and returns only to a registered URI', async () => {
      const browser = new SignInClient(h.app);
      const authorize = `/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: conf.app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read' })}`;
      await browser.submit(await browser.get(authorize), { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.equal((await browser.get(`${authorize}&prompt=none`)).statusCode, 302);
      const out = await browser.get(`/${tenant.id}/oauth2/v2.0/logout?client_id=${conf.app.appId}&post_logout_redirect_uri=${encodeURIComponent(REDIRECT)}&state=z`);
      assert.equal(out.statusCode, 302);
      assert.equal(out.headers.location, `${REDIRECT}?state=z`);
      const silent = await browser.get(`${authorize}&prompt=none`);
      assert.equal(new URL(String(silent.headers.location)).searchParams.get('error'), 'login_required');
      const open = await browser.get(`/${tenant.id}/oauth2/v2.0/logout?client_id=${conf.app.appId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`);
      assert.equal(open.statusCode, 200);
      assert.equal(open.headers.location, undefined);
    });

    it('discovery announces the endpoints, grants and PKCE method', async () => {
      const d = (await h.app.inject({ method: 'GET', url: `/${tenant.id}/v2.0/.well-known/openid-configuration` })).json();
      assert.equal(d.authorization_endpoint, `${PUBLIC_URL}/${tenant.id}/oauth2/v2.0/authorize`);
      assert.equal(d.device_authorization_endpoint, `${PUBLIC_URL}/${tenant.id}/oauth2/v2.0/devicecode`);
      assert.equal(d.end_session_endpoint, `${PUBLIC_URL}/${tenant.id}/oauth2/v2.0/logout`);
      assert.equal(d.userinfo_endpoint, `${PUBLIC_URL}/oidc/userinfo`);
      assert.deepEqual(d.code_challenge_methods_supported, ['S256', 'plain']);
      assert.ok(d.grant_types_supported.includes('urn:ietf:params:oauth:grant-type:device_code'));
      assert.ok(d.token_endpoint_auth_methods_supported.includes('private_key_jwt'));
    });
  });
}
