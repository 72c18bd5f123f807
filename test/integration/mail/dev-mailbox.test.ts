import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultMailTransport } from '../../../src/app.js';
import { loadConfig } from '../../../src/config/config.js';
import { systemClock } from '../../../src/domain/clock.js';
import type { StoredMail } from '../../../src/domain/ports.js';
import { updateTenantSettings } from '../../../src/domain/tenants/update-tenant-settings.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';

const hostile = '<img src=x onerror=alert(1)>';

async function mailFor(h: GraphHarness, address: string, timeoutMs = 15_000): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await h.store.devMailbox.list(100)).find((m) => m.to.includes(address));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} in the development mailbox`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const dialect of dialects()) {
  describe(`development mailbox (${dialect})`, () => {
    let h: GraphHarness;

    before(async () => {
      h = await GraphHarness.start(dialect, { config: { outboxPollIntervalMs: 50 }, deps: { dispatch: true } });
    });
    after(async () => h.stop());

    it('without --smtp, invitation mail lands in the mailbox, listed and shown with both parts, every value escaped', async () => {
      const tenant = await h.tenant(`Evil ${hostile} Org`);
      const app = await h.appWith(tenant, ['User.Invite.All']);
      await updateTenantSettings(h.store, tenant.id, { keepAppInviteMessage: true });
      const address = 'newcomer@fabrikam.example';
      const res = await h.invite(app.token, {
        invitedUserEmailAddress: address, invitedUserDisplayName: `Sam ${hostile}`, inviteRedirectUrl: 'https://apps.example.org/?a=1&b=<2>',
        sendInvitationMessage: true, invitedUserMessageInfo: { customizedMessageBody: `Hi ${hostile}\n"quoted" & more` },
      });
      assert.equal(res.statusCode, 201, res.body);
      const mail = await mailFor(h, address);

      const list = await h.app.inject({ method: 'GET', url: '/mailbox' });
      assert.equal(list.statusCode, 200);
      assert.match(String(list.headers['content-type']), /^text\/html/);
      assert.match(String(list.headers['content-security-policy']), /default-src 'none'/);
      assert.match(String(list.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(list.headers['cache-control'], 'no-store');
      assert.match(list.body, /Development mailbox/);
      assert.match(list.body, /started without\s+<code>--smtp<\/code>/);
      assert.ok(list.body.includes(`href="/mailbox/${mail.id}"`));
      assert.ok(!list.body.includes('<img'), 'no markup from the mail reaches the page');
      assert.ok(list.body.includes('Evil &lt;img src=x onerror=alert(1)&gt; Org invited you'));

      const view = await h.app.inject({ method: 'GET', url: `/mailbox/${mail.id}` });
      assert.equal(view.statusCode, 200);
      assert.match(view.body, /Development mailbox/);
      // The HTML part sits escaped in a sandboxed frame's srcdoc: no tag of it is live in the page.
      assert.match(view.body, /<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="&lt;!DOCTYPE html&gt;/);
      assert.ok(!/<img/i.test(view.body), 'no live img tag anywhere');
      assert.ok(!view.body.includes('<script'), 'no script');
      assert.ok(view.body.includes('Hi &amp;lt;img src=x onerror=alert(1)&amp;gt;'), 'the message is escaped in the mail, and the mail again in the page');
      // The text part shows the redemption link as a link.
      const link = /<a href="(https:\/\/portico\.test\/redeem\?[^"]+)"/.exec(view.body);
      assert.ok(link, 'the text part links the redemption URL');
      const url = new URL(link[1].replaceAll('&amp;', '&'));
      assert.equal(url.searchParams.get('tenant'), tenant.id);
      assert.ok(view.body.includes('https://apps.example.org/?a=1&amp;amp;b=&amp;lt;2&amp;gt;'), 'the redirect URL, escaped in the mail and again in the page');
    });

    it('answers unknown and malformed mail ids with a friendly 404 page', async () => {
      for (const id of ['01a21a69-1e2f-7000-812c-262e21aab3f2', 'not-an-id', '%3Cscript%3E']) {
        const res = await h.app.inject({ method: 'GET', url: `/mailbox/${id}` });
        assert.equal(res.statusCode, 404);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.match(res.body, /Mail not found/);
        assert.ok(!res.body.includes('<script'));
      }
    });

    it('catches mail sent straight through the port too (e.g. passcodes)', async () => {
      const mail = defaultMailTransport(loadConfig({ publicUrl: PUBLIC_URL }, {}), h.store, systemClock);
      const reply = await mail.send({
        messageId: '<direct@portico.test>', from: 'invites@portico.test', to: ['code@fabrikam.example'], cc: [],
        subject: 'Your code', text: 'Code: 12345678', html: '<p>Code: <b>12345678</b></p>',
      });
      assert.match(reply.response, /^250 /);
      const stored = await mailFor(h, 'code@fabrikam.example');
      assert.equal(stored.subject, 'Your code');
      const page = await h.app.inject({ method: 'GET', url: `/mailbox/${stored.id}` });
      assert.match(page.body, /Code: 12345678/);
    });
  });
}

describe('development mailbox with --smtp', () => {
  it('is not there: /mailbox is an unknown path', async () => {
    const h = await GraphHarness.start(dialects()[0], { config: { smtp: 'smtp://127.0.0.1:9' } });
    try {
      const res = await h.app.inject({ method: 'GET', url: '/mailbox' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'Request_ResourceNotFound');
    } finally {
      await h.stop();
    }
  });
});
