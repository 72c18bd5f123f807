import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { consoleProblems, launchBrowser, screenshot } from '../helpers/browser.js';
import { dialects } from '../helpers/databases.js';
import { GraphHarness, type TestApp } from '../helpers/graph-harness.js';
import { startDestination } from '../helpers/destination-server.js';
import { freePort } from '../helpers/portico-process.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import type { Tenant } from '../../src/domain/model.js';


for (const dialect of dialects()) {
  describe(`redemption in Chromium (${dialect})`, () => {
    let browser: Browser;
    let smtp: SmtpSink;
    let h: GraphHarness;
    let destination: { server: Server; origin: string };
    let tenant: Tenant;
    let admin: TestApp;
    let origin: string;

    before(async () => {
      browser = await launchBrowser();
      smtp = await SmtpSink.start();
      destination = await startDestination();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      h = await GraphHarness.start(dialect, { config: { smtp: smtp.url, publicUrl: origin } });
      await h.app.listen({ port, host: '127.0.0.1' });
      tenant = await h.tenant('Contoso Pharmaceuticals');
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => {
      await browser?.close();
      await h?.stop();
      await smtp?.stop();
      destination?.server.close();
    });

    it('invite -> open inviteRedeemUrl -> send code -> verify -> accept -> the app, and the guest is Accepted', async () => {
      const email = `ines.${Math.random().toString(36).slice(2, 8)}@fabrikam.com`;
      const redirect = `${destination.origin}/welcome?from=portico`;
      const res = await h.invite(admin.token, { invitedUserEmailAddress: email, inviteRedirectUrl: redirect, sendInvitationMessage: false });
      assert.equal(res.statusCode, 201, res.body);
      const inv = res.json() as { inviteRedeemUrl: string; invitedUser: { id: string } };
      assert.ok(inv.inviteRedeemUrl.startsWith(`${origin}/redeem?`));

      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      const problems = consoleProblems(page);
      await page.goto(inv.inviteRedeemUrl);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), "You're invited");
      assert.match(await page.locator('main').innerText(), /Contoso Pharmaceuticals/);
      // The stylesheet loaded under the CSP: the primary button is painted blue.
      assert.equal(await page.getByRole('button', { name: 'Accept invitation' }).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(15, 108, 189)');
      await screenshot(page, `${dialect}-1-landing`);

      await page.getByRole('button', { name: 'Accept invitation' }).click();
      await page.getByRole('button', { name: 'Send code' }).waitFor();
      await screenshot(page, `${dialect}-2-send-code`);
      const mails = smtp.messages.length;
      await page.getByRole('button', { name: 'Send code' }).click();
      const code = await smtp.passcodeFor(email, mails);
      const input = page.getByLabel('Code');
      await input.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'code', 'the code field has the focus');
      await input.fill(code);
      await screenshot(page, `${dialect}-3-enter-code`);
      await page.getByRole('button', { name: 'Verify' }).click();

      await page.getByRole('heading', { name: 'Review permissions' }).waitFor();
      await screenshot(page, `${dialect}-4-review-permissions`);
      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await page.waitForURL(redirect);
      assert.equal(page.url(), redirect);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Welcome to the app');
      assert.deepEqual(problems, [], 'no CSP violation or script error');

      const user = (await h.graph(admin.token, 'GET', `/v1.0/users/${inv.invitedUser.id}?$select=externalUserState,externalUserStateChangeDateTime`)).json();
      assert.equal(user.externalUserState, 'Accepted');
      assert.match(user.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await context.close();
    });

    it('shows friendly, localized pages on a phone: a tampered link, in German', async () => {
      const res = await h.invite(admin.token, { invitedUserEmailAddress: `jonas.${Math.random().toString(36).slice(2, 8)}@fabrikam.com`, inviteRedirectUrl: `${destination.origin}/` });
      const link = new URL((res.json() as { inviteRedeemUrl: string }).inviteRedeemUrl);
      const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 375, height: 667 }, isMobile: true });
      const page = await context.newPage();
      await page.goto(link.toString());
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Sie wurden eingeladen');
      const box = await page.locator('main').boundingBox();
      assert.ok(box && box.width <= 375, 'the card fits the phone screen');
      await screenshot(page, `${dialect}-5-landing-phone-de`);
      link.searchParams.set('ticket', `${link.searchParams.get('ticket')}x`);
      const refused = await page.goto(link.toString());
      assert.equal(refused?.status(), 404);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Diese Seite kann nicht angezeigt werden');
      await screenshot(page, `${dialect}-6-invalid-link-phone-de`);
      await context.close();
    });
  });
}
