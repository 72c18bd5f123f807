import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { member, PASSWORD, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';

/**
 * Each process reloads the signing keys once a minute. A grant that made that reload inside its
 * unit of work waited for the database connection its own transaction held (SQLite has one), and
 * hung for good; the key is now fetched before the unit of work. The clock is moved past the
 * reload interval to prove it.
 */
for (const dialect of dialects()) {
  describe(`a signing key reload falls outside the grant's unit of work (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let ada: User;
    let client: SignInApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant('Key Reload');
      ada = await member(h.store, tenant, 'Ada Reload');
      client = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Read'], adminConsent: ['User.Read'] });
    });
    after(async () => {
      mock.timers.reset();
      await h.stop();
    });

    it('issues delegated tokens after the key cache went stale', async () => {
      const ropc = () => h.tokenRequest(tenant.id, { grant_type: 'password', client_id: client.app.appId, username: ada.userPrincipalName, password: PASSWORD, scope: 'User.Read offline_access' });
      const first = await ropc();
      assert.equal(first.statusCode, 200, first.body);
      mock.timers.enable({ apis: ['Date'], now: Date.now() + 61_000 });
      const second = await ropc();
      assert.equal(second.statusCode, 200, second.body);
      mock.timers.setTime(Date.now() + 61_000);
      const refreshed = await h.tokenRequest(tenant.id, { grant_type: 'refresh_token', client_id: client.app.appId, refresh_token: second.json().refresh_token });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
    });
  });
}
