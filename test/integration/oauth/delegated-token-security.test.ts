import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { createPublicKey } from 'node:crypto';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { member, PASSWORD, REDIRECT, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';
import { pkce, SignInClient } from '../../helpers/signin-client.js';

/**
 * Delegated tokens get the same scrutiny as app tokens (protocol.test.ts covers those): each forgery
 * or misuse below must be refused with 401, and codes or refresh tokens of one tenant are worthless
 * at another tenant's token endpoint.
 */
for (const dialect of dialects()) {
  describe(`delegated tokens refused when forged or misused (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let other: Tenant;
    let ada: User;
    let client: SignInApp;
    let token: string;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Security A');
      other = await h.tenant('Security B');
      ada = await member(h.store, tenant, 'Ada Sec');
      client = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'], adminConsent: ['User.Read'] });
      const r = await h.tokenRequest(tenant.id, { grant_type: 'password', client_id: client.app.appId, username: ada.userPrincipalName, password: PASSWORD, scope: 'User.Read' });
      token = r.json().access_token;
    });
    after(async () => h.stop());

    async function resign(claims: Record<string, unknown>): Promise<string> {
      const key = (await h.store.keys.list()).filter((k) => k.retiredDateTime === null).at(-1);
      assert.ok(key);
      return new SignJWT({ ...decodeJwt(token), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(await importJWK(key.privateJwk as JWK, 'RS256'));
    }

    it('the genuine token works', async () => {
      assert.equal((await h.graph(token, 'GET', '/v1.0/me')).statusCode, 200);
    });

    it('refuses alg none, HS256 keyed with the published public key, expiry, nbf, audience and another tenant', async () => {
      const [, payload] = token.split('.');
      const kid = decodeProtectedHeader(token).kid;
      const jwks = (await h.app.inject({ method: 'GET', url: `/${tenant.id}/discovery/v2.0/keys` })).json() as { keys: JWK[] };
      const jwk = jwks.keys.find((k) => k.kid === kid);
      assert.ok(jwk);
      const publicPem = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
      const now = Math.floor(Date.now() / 1000);
      const cases: [string, string][] = [
        ['alg none', `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`],
        ['HS256 with the public key PEM as secret', await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode(publicPem))],
        ['HS256 with the JWK modulus as secret', await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'HS256', kid }).sign(Buffer.from(String(jwk.n), 'base64url'))],
        ['expired', await resign({ exp: now - 400, iat: now - 4000, nbf: now - 4000 })],
        ['not yet valid', await resign({ nbf: now + 600 })],
        ['wrong audience', await resign({ aud: client.app.appId })],
        ['tenant B with A\'s issuer', await resign({ tid: other.id })],
        ['tenant B issuer and tid, unsigned by B', `${token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), tid: other.id, iss: `${PUBLIC_URL}/${other.id}/v2.0` })).toString('base64url')}.${token.split('.')[2]}`],
        ['scp widened without a signature', `${token.split('.')[0]}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), scp: 'User.ReadWrite.All' })).toString('base64url')}.${token.split('.')[2]}`],
      ];
      for (const [name, t] of cases) {
        const res = await h.graph(t, 'GET', '/v1.0/me');
        assert.equal(res.statusCode, 401, name);
        assert.equal(res.json().error.code, 'InvalidAuthenticationToken', name);
      }
    });

    it('a token carrying tenant B (properly signed) only ever sees tenant B: Ada is not there', async () => {
      const res = await h.graph(await resign({ tid: other.id, iss: `${PUBLIC_URL}/${other.id}/v2.0` }), 'GET', '/v1.0/me');
      assert.equal(res.statusCode, 404);
    });

    it('a code issued in tenant A cannot be redeemed at tenant B\'s token endpoint', async () => {
      const browser = new SignInClient(h.app);
      const { verifier, challenge } = pkce();
      let page = await browser.get(`/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: client.app.appId, response_type: 'code', redirect_uri: REDIRECT,
        scope: 'User.Read openid', code_challenge: challenge, code_challenge_method: 'S256' })}`);
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      const code = new URL(String(page.headers.location)).searchParams.get('code') ?? '';
      const atB = await h.tokenRequest(other.id, { grant_type: 'authorization_code', client_id: client.app.appId, code, redirect_uri: REDIRECT, code_verifier: verifier });
      assert.equal(atB.statusCode, 400);
      assert.equal(atB.json().access_token, undefined);
      const atA = await h.tokenRequest(tenant.id, { grant_type: 'authorization_code', client_id: client.app.appId, code, redirect_uri: REDIRECT, code_verifier: verifier });
      assert.equal(atA.statusCode, 200, 'the failed try at B did not touch A\'s code');
    });

    it('a session cookie of tenant A does not sign anyone in at tenant B', async () => {
      const bApp = await signInApp(h.store, other, { publicClient: true, delegated: ['User.Read'], adminConsent: ['User.Read'] });
      const browser = new SignInClient(h.app);
      const aUrl = `/${tenant.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: client.app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`;
      await browser.submit(await browser.get(aUrl), { login: ada.userPrincipalName, passwd: PASSWORD });
      const [name, value] = [...browser.cookies].find(([k]) => k.startsWith('portico_session_')) ?? [];
      assert.ok(name && value);
      browser.cookies.set(`portico_session_${other.id.replace(/-/g, '')}`, value);
      const bUrl = `/${other.id}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: bApp.app.appId, response_type: 'code', redirect_uri: REDIRECT, scope: 'User.Read', prompt: 'none', code_challenge: pkce().challenge, code_challenge_method: 'S256' })}`;
      const res = await browser.get(bUrl);
      assert.equal(new URL(String(res.headers.location)).searchParams.get('error'), 'login_required');
    });
  });
}
