import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { consoleProblems, launchBrowser, screenshot } from '../helpers/browser.js';
import { dialects } from '../helpers/databases.js';
import { GraphHarness, type TestApp } from '../helpers/graph-harness.js';
import { member, PASSWORD } from '../helpers/identity-fixture.js';
import { startDestination } from '../helpers/destination-server.js';
import { freePort } from '../helpers/portico-process.js';
import type { Tenant, User } from '../../src/domain/model.js';


for (const dialect of dialects()) {
  describe(`redemption with the home account in Chromium (${dialect})`, () => {
    let browser: Browser;
    let h: GraphHarness;
    let destination: { server: Server; origin: string };
    let contoso: Tenant;
    let fabrikam: Tenant;
    let admin: TestApp;
    let mia: User;

    before(async () => {
      browser = await launchBrowser();
      destination = await startDestination();
      const port = await freePort();
      h = await GraphHarness.start(dialect, { config: { publicUrl: `http://127.0.0.1:${port}` } });
      await h.app.listen({ port, host: '127.0.0.1' });
      contoso = await h.tenant('Contoso Pharmaceuticals');
      fabrikam = await h.tenant('Fabrikam Ltd');
      admin = await h.appWith(contoso, ['User.ReadWrite.All']);
      mia = await member(h.store, fabrikam, 'Mia Home');
    });
    after(async () => {
      await browser?.close();
      await h?.stop();
      destination?.server.close();
    });

    it('opens the link, signs in with the Fabrikam account, lands on the app, and the guest is Accepted', async () => {
      const redirect = `${destination.origin}/welcome?from=portico`;
      const res = await h.invite(admin.token, { invitedUserEmailAddress: mia.userPrincipalName, inviteRedirectUrl: redirect });
      assert.equal(res.statusCode, 201, res.body);
      const inv = res.json() as { inviteRedeemUrl: string; invitedUser: { id: string } };

      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      const problems = consoleProblems(page);
      await page.goto(inv.inviteRedeemUrl);
      assert.match(await page.locator('main').innerText(), /sign in with your Fabrikam Ltd account, or get a one-time code by mail/);
      await screenshot(page, `${dialect}-home-1-landing`);
      await page.getByRole('button', { name: 'Accept invitation' }).click();

      const offer = page.getByRole('button', { name: 'Sign in with your Fabrikam Ltd account' });
      await offer.waitFor();
      assert.ok(await page.getByRole('button', { name: 'Send code' }).isVisible(), 'the passcode is still on offer');
      await screenshot(page, `${dialect}-home-2-code-or-sign-in`);
      await offer.click();

      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.equal(await page.getByLabel('Email or user name').inputValue(), mia.userPrincipalName);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'passwd', 'the password field has the focus');
      await screenshot(page, `${dialect}-home-3-sign-in`);
      await page.getByLabel('Password').fill('Not#The7Password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByRole('alert').innerText(), 'Your account or password is incorrect.');
      await screenshot(page, `${dialect}-home-4-wrong-password`);

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Review permissions' }).waitFor();
      await screenshot(page, `${dialect}-home-5-review-permissions`);
      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await page.waitForURL(redirect);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome to the app');
      // The wrong password's page is a 400, which Chromium reports; nothing else may appear.
      assert.deepEqual(problems, ['Failed to load resource: the server responded with a status of 400 (Bad Request)'], 'no CSP violation or script error');
      await context.close();

      const user = (await h.graph(admin.token, 'GET', `/v1.0/users/${inv.invitedUser.id}?$select=externalUserState,externalUserStateChangeDateTime,identities`)).json();
      assert.equal(user.externalUserState, 'Accepted');
      assert.match(user.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.deepEqual(user.identities.at(-1), { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: null });
    });
  });
}
