import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { consoleProblems, launchBrowser, screenshot } from '../helpers/browser.js';
import { dialects } from '../helpers/databases.js';
import { GraphHarness, type TestApp } from '../helpers/graph-harness.js';
import { freePort } from '../helpers/portico-process.js';
import { SmtpSink, toAddresses } from '../helpers/smtp-sink.js';
import { updateTenantSettings } from '../../src/domain/tenants/update-tenant-settings.js';
import type { Tenant } from '../../src/domain/model.js';

/**
 * The whole of the reference documentation's invitee story in one run: an invitation with
 * `sendInvitationMessage: true`, the standard mail (customized body, cc, language) delivered by the
 * outbox dispatcher to a real SMTP server, the "Accept invitation" link in that mail opened in
 * Chromium, the passcode, the consent page with the tenant's privacy statement, and the guest landing
 * on `inviteRedirectUrl` with `externalUserState` Accepted.
 */
for (const dialect of dialects()) {
  describe(`invitation mail to acceptance in Chromium (${dialect})`, () => {
    let browser: Browser;
    let smtp: SmtpSink;
    let h: GraphHarness;
    let destination: Server;
    let destinationOrigin: string;
    let tenant: Tenant;
    let admin: TestApp;

    before(async () => {
      browser = await launchBrowser();
      smtp = await SmtpSink.start();
      destination = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Portal</title><h1>Partner portal</h1>'));
      destination.listen(0, '127.0.0.1');
      await once(destination, 'listening');
      destinationOrigin = `http://127.0.0.1:${(destination.address() as AddressInfo).port}`;
      const port = await freePort();
      h = await GraphHarness.start(dialect, {
        config: { smtp: smtp.url, publicUrl: `http://127.0.0.1:${port}`, outboxPollIntervalMs: 50, mailFrom: 'invites@contoso.example' },
        deps: { dispatch: true },
      });
      await h.app.listen({ port, host: '127.0.0.1' });
      tenant = await h.tenant('Contoso Pharmaceuticals');
      await updateTenantSettings(h.store, tenant.id, { privacyStatementUrl: 'https://contoso.example/privacy', keepAppInviteMessage: true });
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => {
      await browser?.close();
      await h?.stop();
      await smtp?.stop();
      destination?.close();
    });

    it('mail with body, cc and language -> link in the mail -> passcode -> consent -> redirect; the guest is Accepted', async () => {
      const email = `amelie.${Math.random().toString(36).slice(2, 8)}@fabrikam.com`;
      const redirect = `${destinationOrigin}/start?src=invite`;
      const res = await h.invite(admin.token, {
        invitedUserEmailAddress: email, invitedUserDisplayName: 'Amélie Laurent', inviteRedirectUrl: redirect,
        sendInvitationMessage: true,
        invitedUserMessageInfo: {
          messageLanguage: 'fr-FR', customizedMessageBody: 'Bonjour Amélie,\nbienvenue <chez nous> !',
          ccRecipients: [{ emailAddress: { address: 'sponsor@contoso.example' } }],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const inv = res.json() as { invitedUser: { id: string } };

      const mail = await smtp.waitForMail((m) => toAddresses(m).includes(email));
      const delivery = smtp.deliveries.find((d) => d.parsed === mail);
      assert.deepEqual(delivery?.rcptTo.sort(), [email, 'sponsor@contoso.example'].sort(), 'the cc recipient gets a copy');
      assert.match(mail.subject ?? '', /Contoso Pharmaceuticals/);
      assert.match(mail.text ?? '', /Bonjour Amélie,\n *bienvenue <chez nous> !/, 'the body is kept as plain text with its line break');
      assert.ok(!(mail.html || '').includes('<chez nous>'), 'the body is escaped in the HTML part');
      const html = typeof mail.html === 'string' ? mail.html : '';
      const link = /href="([^"]*\/redeem\?[^"]*)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(link, 'the mail carries the redemption link');

      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      const problems = consoleProblems(page);
      await page.goto(link);
      // The page follows the invitation's messageLanguage before the browser's.
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Vous êtes invité');
      await screenshot(page, `${dialect}-mail-1-landing-fr`);
      await page.locator('form[action="/redeem/start"] button').click();
      const before = smtp.messages.length;
      await page.locator('form[action="/redeem/send-code"] button').click();
      const code = await smtp.passcodeFor(email, before);
      await page.locator('input#code').fill(code);
      await page.locator('form[action="/redeem/verify"] button').click();
      await page.locator('a[href="https://contoso.example/privacy"]').waitFor();
      await screenshot(page, `${dialect}-mail-2-consent-fr`);
      await page.locator('form[action="/redeem/accept"] button').click();
      await page.waitForURL(redirect);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Partner portal');
      assert.deepEqual(problems, []);
      await context.close();

      const user = (await h.graph(admin.token, 'GET', `/v1.0/users/${inv.invitedUser.id}?$select=externalUserState,externalUserStateChangeDateTime`)).json();
      assert.equal(user.externalUserState, 'Accepted');
      assert.ok(Date.parse(user.externalUserStateChangeDateTime) > Date.now() - 120_000);
    });
  });
}
