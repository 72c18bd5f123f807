import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, importJWK, SignJWT, type JWK } from 'jose';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';
import { KeyRing } from '../../../src/domain/identity/key-ring.js';
import { systemClock } from '../../../src/domain/clock.js';

for (const dialect of dialects()) {
  describe(`Graph protocol and bearer tokens (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let reader: TestApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant();
      reader = await h.appWith(tenant, ['User.Read.All']);
    });
    after(async () => h.stop());

    /** Signs claims with Portico's own active key, to test what the verifier does with them. */
    async function signWithPorticoKey(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
      const key = (await h.store.keys.list()).filter((k) => k.retiredDateTime === null).at(-1);
      assert.ok(key);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ ...decodeJwt(reader.token), iat: now, nbf: now, exp: now + 600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
        .sign(await importJWK(key.privateJwk as JWK, 'RS256'));
    }

    it('echoes client-request-id and sets request-id and OData headers', async () => {
      const res = await h.graph(reader.token, 'GET', '/v1.0/users', undefined, { 'client-request-id': 'c0ffee00-1111-2222-3333-444455556666' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['client-request-id'], 'c0ffee00-1111-2222-3333-444455556666');
      assert.match(String(res.headers['request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(res.headers['odata-version'], '4.0');
      assert.equal(res.headers['content-type'], 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
      const own = await h.graph(reader.token, 'GET', '/v1.0/users');
      assert.equal(own.headers['client-request-id'], own.headers['request-id'], 'without one sent, it equals request-id');
    });

    it('answers unknown routes and wrong methods with the envelope', async () => {
      const cases: [string, string, number, string][] = [
        ['GET', '/v1.0/nonexistent', 400, 'BadRequest'],
        ['GET', '/beta/widgets/1', 400, 'BadRequest'],
        ['GET', '/totally/unknown', 404, 'Request_ResourceNotFound'],
        ['GET', '/v1.0/invitations', 405, 'Request_BadRequest'],
        ['PUT', '/v1.0/users', 405, 'Request_BadRequest'],
        ['POST', '/v1.0/organization', 405, 'Request_BadRequest'],
      ];
      for (const [method, url, status, code] of cases) {
        const res = await h.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${reader.token}`, 'client-request-id': 'route-test' } });
        assert.equal(res.statusCode, status, `${method} ${url}`);
        const e = res.json().error;
        assert.equal(e.code, code, `${method} ${url}`);
        assert.equal(e.innerError['client-request-id'], 'route-test');
        assert.ok(e.innerError['request-id']);
        assert.match(e.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      }
    });

    it('refuses missing and invalid tokens with 401 InvalidAuthenticationToken', async () => {
      const other = await h.tenant();
      const otherApp = await h.appWith(other, ['User.Read.All']);
      const hs256 = await new SignJWT(decodeJwt(reader.token)).setProtectedHeader({ alg: 'HS256', kid: 'x' }).sign(new TextEncoder().encode('a'.repeat(32)));
      const [, payload] = reader.token.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      const tokens: [string, string | null, string][] = [
        ['no Authorization header', null, ''],
        ['malformed', 'not-a-jwt', ''],
        ['alg none', none, ''],
        ['HS256', hs256, ''],
        ['expired beyond the 5 minute skew', await signWithPorticoKey({ exp: Math.floor(Date.now() / 1000) - 400 }), ''],
        ['not yet valid beyond the skew', await signWithPorticoKey({ nbf: Math.floor(Date.now() / 1000) + 600 }), ''],
        ['wrong audience', await signWithPorticoKey({ aud: 'https://vault.azure.net' }), ''],
        ['issuer of another tenant', await signWithPorticoKey({ iss: `${PUBLIC_URL}/${other.id}/v2.0` }), ''],
        ['foreign issuer', await signWithPorticoKey({ iss: 'https://login.microsoftonline.com/x/v2.0' }), ''],
        ['unknown tenant', await signWithPorticoKey({ tid: '9188040d-6c67-4c5b-b112-36a304b66dad', iss: `${PUBLIC_URL}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0` }), ''],
        ['unknown kid', await signWithPorticoKey({}, { kid: 'nope' }), ''],
        ['signature of another token', `${reader.token.split('.').slice(0, 2).join('.')}.${otherApp.token.split('.')[2]}`, ''],
      ];
      for (const [name, token] of tokens) {
        const res = await h.graph(token, 'GET', '/v1.0/users');
        assert.equal(res.statusCode, 401, name);
        assert.equal(res.json().error.code, 'InvalidAuthenticationToken', name);
        assert.match(String(res.headers['www-authenticate']), /^Bearer/, name);
      }
      const skewed = await signWithPorticoKey({ exp: Math.floor(Date.now() / 1000) - 60 });
      assert.equal((await h.graph(skewed, 'GET', '/v1.0/users')).statusCode, 200, 'within the skew an expired token still works');
    });

    it('checks the token before the body: 401 wins over a malformed body', async () => {
      const res = await h.graph(null, 'POST', '/v1.0/invitations', '{bad json');
      assert.equal(res.statusCode, 401);
    });

    it('keeps tokens valid across key rotation and signs new ones with the new key', async () => {
      const before = reader.token;
      const ring = new KeyRing(h.store, systemClock, 3600 + 600);
      await ring.init();
      const fresh = await ring.rotate();
      const inFlight = await h.graph(before, 'GET', '/v1.0/users');
      assert.equal(inFlight.statusCode, 200, 'a token signed by the retired key still verifies');
      const jwks = (await h.app.inject({ method: 'GET', url: `/${tenant.id}/discovery/v2.0/keys` })).json();
      assert.ok(jwks.keys.some((k: { kid: string }) => k.kid === fresh.kid));
      assert.ok(jwks.keys.length >= 2, 'the old key stays published');
    });
  });
}
