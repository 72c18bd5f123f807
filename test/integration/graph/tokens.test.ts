import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

for (const dialect of dialects()) {
  describe(`token endpoint (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let client: { appId: string; secret: string };

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Fabrikam Tokens', ['fabrikam-tokens.com']);
      client = await h.appWith(tenant, ['User.Invite.All', 'User.Read.All']);
    });
    after(async () => h.stop());

    const graphScope = 'https://graph.microsoft.com/.default';

    it('issues an RS256 app token with the claims of an Entra app-only token', async () => {
      const res = await h.tokenRequest(tenant.id, { grant_type: 'client_credentials', client_id: client.appId, client_secret: client.secret, scope: graphScope });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3599);
      assert.equal(body.ext_expires_in, 3599);
      const header = decodeProtectedHeader(body.access_token);
      assert.equal(header.alg, 'RS256');
      assert.ok(header.kid);
      const claims = decodeJwt(body.access_token);
      assert.equal(claims.aud, 'https://graph.microsoft.com');
      assert.equal(claims.iss, `${PUBLIC_URL}/${tenant.id}/v2.0`);
      assert.equal(claims.tid, tenant.id);
      assert.equal(claims.appid, client.appId);
      assert.equal(claims.azp, client.appId);
      assert.equal(claims.idtyp, 'app');
      assert.deepEqual(claims.roles, ['User.Invite.All', 'User.Read.All']);
      assert.ok(typeof claims.oid === 'string' && claims.oid !== client.appId);
      assert.equal(claims.sub, claims.oid);
      assert.ok(claims.uti);
      assert.equal(claims.ver, '2.0');
      assert.equal(Number(claims.exp) - Number(claims.iat), 3599);
      assert.equal(claims.nbf, claims.iat);
    });

    it('accepts the tenant by domain, HTTP Basic credentials, and the server\'s own /.default', async () => {
      const basic = Buffer.from(`${client.appId}:${encodeURIComponent(client.secret)}`).toString('base64');
      const res = await h.tokenRequest('fabrikam-tokens.com', { grant_type: 'client_credentials', scope: `${PUBLIC_URL}/.default` }, { authorization: `Basic ${basic}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(decodeJwt(res.json().access_token).aud, PUBLIC_URL);
      const byInitial = await h.tokenRequest(tenant.initialDomain.toUpperCase(), {
        grant_type: 'client_credentials', client_id: client.appId, client_secret: client.secret, scope: graphScope,
        'x-client-SKU': 'msal.js.node', 'x-client-VER': '7.2.3', 'client-request-id': 'abc', claims: '{"access_token":{}}',
      });
      assert.equal(byInitial.statusCode, 200, byInitial.body);
    });

    const errorCases: { name: string; tenant?: string; form: Record<string, string>; status: number; error: string; aadsts: number }[] = [
      { name: 'unknown tenant', tenant: 'nobody.example', form: { grant_type: 'client_credentials' }, status: 400, error: 'invalid_tenant', aadsts: 90002 },
      { name: 'tenant segment holding U+0000', tenant: 'nobody%00.example', form: { grant_type: 'client_credentials' }, status: 400, error: 'invalid_request', aadsts: 9002313 },
      { name: 'a parameter holding U+0000', form: { grant_type: 'password', username: 'ada\u0000@x', password: 'x' }, status: 400, error: 'invalid_request', aadsts: 9002313 },
      { name: 'no grant_type', form: {}, status: 400, error: 'invalid_request', aadsts: 900144 },
      { name: 'unsupported grant', form: { grant_type: 'urn:ietf:params:oauth:grant-type:saml1_1-bearer' }, status: 400, error: 'unsupported_grant_type', aadsts: 70003 },
      { name: 'no client_id', form: { grant_type: 'client_credentials', scope: graphScope }, status: 400, error: 'invalid_request', aadsts: 900144 },
      { name: 'client_id not a GUID', form: { grant_type: 'client_credentials', client_id: 'x', scope: graphScope }, status: 400, error: 'invalid_request', aadsts: 700038 },
      { name: 'no scope', form: { grant_type: 'client_credentials', client_id: '@app' }, status: 400, error: 'invalid_request', aadsts: 900144 },
      { name: 'scope without /.default', form: { grant_type: 'client_credentials', client_id: '@app', client_secret: '@secret', scope: 'User.Read' }, status: 400, error: 'invalid_scope', aadsts: 1002012 },
      { name: 'unknown resource', form: { grant_type: 'client_credentials', client_id: '@app', client_secret: '@secret', scope: 'https://vault.azure.net/.default' }, status: 400, error: 'invalid_resource', aadsts: 500011 },
      { name: 'unknown app', form: { grant_type: 'client_credentials', client_id: '11111111-2222-3333-4444-555555555555', client_secret: 'x', scope: graphScope }, status: 400, error: 'unauthorized_client', aadsts: 700016 },
      { name: 'no secret', form: { grant_type: 'client_credentials', client_id: '@app', scope: graphScope }, status: 401, error: 'invalid_client', aadsts: 7000216 },
      { name: 'wrong secret', form: { grant_type: 'client_credentials', client_id: '@app', client_secret: 'not-the-secret', scope: graphScope }, status: 401, error: 'invalid_client', aadsts: 7000215 },
    ];
    for (const c of errorCases) {
      it(`refuses: ${c.name}`, async () => {
        const form = Object.fromEntries(Object.entries(c.form).map(([k, v]) => [k, v === '@app' ? client.appId : v === '@secret' ? client.secret : v]));
        const res = await h.tokenRequest(c.tenant ?? tenant.id, form, { 'client-request-id': 'corr-1' });
        assert.equal(res.statusCode, c.status, res.body);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        const body = res.json();
        assert.equal(body.error, c.error);
        assert.deepEqual(body.error_codes, [c.aadsts]);
        assert.match(body.error_description, new RegExp(`^AADSTS${c.aadsts}: .+ Trace ID: \\S+ Correlation ID: corr-1 Timestamp: `));
        assert.equal(body.correlation_id, 'corr-1');
        assert.ok(body.trace_id && body.timestamp);
        assert.equal(body.access_token, undefined);
      });
    }

    it('refuses a secret of another app of the same tenant', async () => {
      const other = await h.appWith(tenant, ['User.Read.All']);
      const res = await h.tokenRequest(tenant.id, { grant_type: 'client_credentials', client_id: client.appId, client_secret: other.secret, scope: graphScope });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error, 'invalid_client');
    });

    it('refuses an app presented to another tenant', async () => {
      const other = await h.tenant();
      const res = await h.tokenRequest(other.id, { grant_type: 'client_credentials', client_id: client.appId, client_secret: client.secret, scope: graphScope });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'unauthorized_client');
    });

    it('serves OIDC discovery and a JWKS that verifies the tokens', async () => {
      const disco = await h.app.inject({ method: 'GET', url: `/${tenant.initialDomain}/v2.0/.well-known/openid-configuration` });
      assert.equal(disco.statusCode, 200);
      const d = disco.json();
      assert.equal(d.issuer, `${PUBLIC_URL}/${tenant.id}/v2.0`);
      assert.equal(d.token_endpoint, `${PUBLIC_URL}/${tenant.id}/oauth2/v2.0/token`);
      assert.equal(d.jwks_uri, `${PUBLIC_URL}/${tenant.id}/discovery/v2.0/keys`);
      assert.ok(d.authorization_endpoint);
      const jwks = (await h.app.inject({ method: 'GET', url: `/${tenant.id}/discovery/v2.0/keys` })).json();
      const token = await h.token(tenant.id, client.appId, client.secret);
      const kid = decodeProtectedHeader(token).kid;
      const key = jwks.keys.find((k: { kid: string }) => k.kid === kid);
      assert.ok(key, 'the signing key is published');
      assert.equal(key.kty, 'RSA');
      assert.equal(key.d, undefined, 'no private part is published');
      const missing = await h.app.inject({ method: 'GET', url: '/nobody.example/v2.0/.well-known/openid-configuration' });
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error, 'invalid_tenant');
    });
  });
}
