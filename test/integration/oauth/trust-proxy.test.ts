import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../src/config/config.js';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { member, PASSWORD, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';

const PROXY = '10.0.0.5';

/**
 * Behind a reverse proxy every request arrives from the proxy's address. With `--trust-proxy` the
 * per-address sign-in lockout counts the client named in X-Forwarded-For, but only when the proxy
 * itself said so: a client talking to Portico directly cannot pick the address it is counted by.
 */
for (const dialect of dialects()) {
  describe(`--trust-proxy and the per-address lockout (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let ada: User;
    let pub: SignInApp;

    before(async () => {
      h = await GraphHarness.start(dialect, { config: { trustProxy: `${PROXY}, 192.0.2.0/24` } });
      tenant = await h.tenant('Proxied Co');
      ada = await member(h.store, tenant, 'Ada Proxied');
      pub = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'], adminConsent: ['User.Read'] });
    });
    after(async () => h.stop());

    const ropc = (remoteAddress: string, forwardedFor: string | null, username: string, password: string) => h.app.inject({
      method: 'POST', url: `/${tenant.id}/oauth2/v2.0/token`, remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      payload: new URLSearchParams({ grant_type: 'password', client_id: pub.app.appId, username, password, scope: 'User.Read' }).toString(),
    });

    it('locks the client the proxy names, not the proxy: other clients behind it still sign in', async () => {
      for (let i = 0; i < 50; i++) {
        const r = await ropc(PROXY, '203.0.113.50', `nobody${i}@${tenant.initialDomain}`, 'Guess#1234');
        assert.deepEqual(r.json().error_codes, [50126], `attempt ${i}`);
      }
      assert.deepEqual((await ropc(PROXY, '203.0.113.50', ada.userPrincipalName, PASSWORD)).json().error_codes, [50053]);
      assert.equal((await ropc(PROXY, '198.51.100.60', ada.userPrincipalName, PASSWORD)).statusCode, 200);
      // A proxy inside a trusted range counts the same client the same way.
      assert.deepEqual((await ropc('192.0.2.77', '203.0.113.50', ada.userPrincipalName, PASSWORD)).json().error_codes, [50053]);
    });

    it('ignores X-Forwarded-For from anyone else: a locked client cannot escape by naming another address', async () => {
      for (let i = 0; i < 50; i++) await ropc('203.0.113.90', null, `nobody${i}@${tenant.initialDomain}`, 'Guess#1234');
      const spoofed = await ropc('203.0.113.90', '198.51.100.99', ada.userPrincipalName, PASSWORD);
      assert.deepEqual(spoofed.json().error_codes, [50053]);
    });
  });
}

describe('--trust-proxy values', () => {
  it('takes addresses and CIDR ranges of either family', () => {
    assert.equal(loadConfig({ trustProxy: '10.0.0.1, 10.1.0.0/16,::1,fd00::/8' }, {}).trustProxy, '10.0.0.1, 10.1.0.0/16,::1,fd00::/8');
  });
  for (const bad of ['true', '*', '10.0.0.1/33', 'proxy.internal', '10.0.0.0/8/1', ' , ', '::1/129']) {
    it(`refuses '${bad}' with a message naming the option`, () => {
      assert.throws(() => loadConfig({ trustProxy: bad }, {}), /--trust-proxy/);
    });
  }
});
