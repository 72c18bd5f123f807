import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import type { Tenant } from '../../../src/domain/model.js';
import { sha256 } from '../../../src/domain/random.js';
import { updateTenantSettings } from '../../../src/domain/tenants/update-tenant-settings.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';
import { linkIn, mailTo, outboxRowFor, waitForRow } from '../../helpers/mail-assertions.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';

const redirect = 'https://apps.example.org/start?x=1';
let seq = 0;
const unique = (tag: string) => `${tag}.${Date.now().toString(36)}${++seq}@fabrikam.example`;

for (const dialect of dialects()) {
  describe(`invitation mail over SMTP (${dialect})`, () => {
    let sink: SmtpSink;
    let h: GraphHarness;
    let tenant: Tenant;
    let inviter: TestApp;

    before(async () => {
      sink = await SmtpSink.start();
      h = await GraphHarness.start(dialect, { config: { smtp: sink.url, outboxPollIntervalMs: 50, mailRetryDelayMs: 50, mailMaxAttempts: 4 }, deps: { dispatch: true } });
      tenant = await h.tenant('Contoso Ltd', [`contoso-${dialect}.example`]);
      inviter = await h.appWith(tenant, ['User.Invite.All', 'User.ReadWrite.All']);
    });
    after(async () => {
      await h.stop();
      await sink.stop();
    });

    const invite = async (body: Record<string, unknown>) => {
      const res = await h.invite(inviter.token, { inviteRedirectUrl: redirect, sendInvitationMessage: true, ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; inviteRedeemUrl: string; invitedUser: { id: string } };
    };

    it("an app's invitation: Entra's subject, sender, both parts, cc copies, a working link and a stable Message-ID", async () => {
      const to = unique('sam');
      const inv = await invite({
        invitedUserEmailAddress: to, invitedUserDisplayName: 'Sam',
        invitedUserMessageInfo: {
          customizedMessageBody: 'Apps may not send this',
          ccRecipients: [{ emailAddress: { address: 'boss@fabrikam.example', name: 'Boss' } }, { emailAddress: { address: 'peer@example.org' } }],
        },
      });
      const { parsed, rcptTo } = await mailTo(sink.deliveries, to);
      // The organization's name stands in for the inviter when an app invites (graph-spec §5.1).
      assert.equal(parsed.subject, 'Contoso Ltd invited you to access applications within their organization');
      assert.equal(parsed.from?.value[0].address, 'invites@portico.test');
      assert.equal(parsed.from?.value[0].name, 'Invitations on behalf of Contoso Ltd');
      assert.deepEqual(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : [], [to]);
      assert.deepEqual(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.value.map((a) => a.address) : [], ['boss@fabrikam.example', 'peer@example.org']);
      assert.deepEqual([...rcptTo].sort(), [to.toLowerCase(), 'boss@fabrikam.example', 'peer@example.org'].sort(), 'every cc gets a copy');
      assert.equal(parsed.replyTo, undefined, 'an app has no mail to reply to');
      const html = String(parsed.html);
      const text = parsed.text ?? '';
      for (const part of [html, text]) {
        assert.match(part, /Accept invitation/);
        assert.match(part, /Contoso Ltd/);
        assert.match(part, new RegExp(`contoso-${dialect}\\.example`), 'the primary domain');
        assert.match(part, /only act on this email if you trust/, 'the phishing caution');
        assert.match(part, /has not provided a link to its privacy statement/);
        assert.doesNotMatch(part, /Apps may not send this/, 'Entra drops the customized message of app invitations');
      }
      assert.ok(text.includes(redirect), 'the redirect URL is shown');
      assert.ok(html.includes(redirect.replace('&', '&amp;')));

      const link = linkIn(text);
      assert.equal(link.origin + link.pathname, `${PUBLIC_URL}/redeem`);
      assert.equal(link.searchParams.get('tenant'), tenant.id);
      assert.equal(link.searchParams.get('user'), inv.id);
      const ticket = link.searchParams.get('ticket') ?? '';
      assert.ok(ticket.length >= 43);
      assert.notEqual(ticket, new URL(inv.inviteRedeemUrl).searchParams.get('ticket'), 'the mailed link has its own ticket');
      const [stored] = await h.db.query<{ mail_ticket_hash: string }>(`SELECT mail_ticket_hash FROM invitations WHERE id = '${inv.id}'`);
      assert.equal(stored.mail_ticket_hash, sha256(ticket), 'only the hash of the mailed ticket is stored');
      assert.ok(html.includes(`href="${link.toString().replaceAll('&', '&amp;')}"`), 'the button carries the same link');

      const row = await waitForRow(h.db, inv.id, (r) => r.state === 'sent');
      assert.equal(parsed.messageId, `<${row.id}@portico.test>`);
      assert.equal(row.message_id, parsed.messageId);
      assert.equal(row.attempts, 1);
      assert.match(row.last_reply ?? '', /^250/);
      const audit = (await h.store.audit.list(tenant.id)).find((a) => a.activityDisplayName === 'Invitation Email' && a.targetResources[0].id === inv.invitedUser.id);
      assert.equal(audit?.result, 'success');
      assert.equal(audit?.category, 'UserManagement');
    });

    it('the tenant may keep the message of app invitations: escaped, line breaks kept; privacy link in the footer', async () => {
      const t = await h.tenant('Keepers & <Co>');
      const app = await h.appWith(t, ['User.Invite.All']);
      await updateTenantSettings(h.store, t.id, { keepAppInviteMessage: true, privacyStatementUrl: 'https://keepers.example/privacy?a=1&b=2' });
      const to = unique('kept');
      const res = await h.invite(app.token, {
        invitedUserEmailAddress: to, inviteRedirectUrl: redirect, sendInvitationMessage: true,
        invitedUserMessageInfo: { customizedMessageBody: 'Hello <script>alert(1)</script> & "friends"\nSecond <b>line</b>' },
      });
      assert.equal(res.statusCode, 201);
      const { parsed } = await mailTo(sink.deliveries, to);
      const html = String(parsed.html);
      assert.equal(parsed.subject, 'Keepers & <Co> invited you to access applications within their organization');
      assert.ok(html.includes('Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;<br>Second &lt;b&gt;line&lt;/b&gt;'), html);
      assert.ok(!html.includes('<script>') && !html.includes('<b>line'), 'nothing of the message is markup');
      assert.ok(html.includes('Keepers &amp; &lt;Co&gt;'));
      assert.ok(html.includes('href="https://keepers.example/privacy?a=1&amp;b=2"'));
      assert.match(parsed.text ?? '', /Hello <script>alert\(1\)<\/script> & "friends"\n\s*Second <b>line<\/b>/);
    });

    it("a user's invitation names them, replies to them and carries their message", async () => {
      const member = await h.graph(inviter.token, 'POST', '/v1.0/users', {
        accountEnabled: true, displayName: 'Alex Wilber', mailNickname: 'alex', userPrincipalName: `alex@contoso-${dialect}.example`,
        mail: `alex.wilber@contoso-${dialect}.example`, passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
      });
      assert.equal(member.statusCode, 201, member.body);
      const alex = member.json() as { id: string; userPrincipalName: string };
      const to = unique('friend');
      await inviteUser({ store: h.store, clock: systemClock, publicUrl: PUBLIC_URL }, {
        kind: 'user', tenantId: tenant.id, appId: inviter.appId, servicePrincipalId: inviter.appId, appDisplayName: 'test app',
        userId: alex.id, userPrincipalName: alex.userPrincipalName, displayName: 'Alex Wilber', userType: 'Member',
        scopes: ['User.Invite.All'], roleTemplateIds: [],
      }, tenant, {
        invitedUserEmailAddress: to, inviteRedirectUrl: redirect, sendInvitationMessage: true,
        invitedUserMessageInfo: { customizedMessageBody: 'Welcome aboard!\nSee you Monday.' },
      });
      const { parsed } = await mailTo(sink.deliveries, to);
      assert.equal(parsed.subject, 'Alex Wilber invited you to access applications within their organization');
      assert.equal(parsed.replyTo?.value[0].address, `alex.wilber@contoso-${dialect}.example`);
      assert.ok(String(parsed.html).includes('Welcome aboard!<br>See you Monday.'));
      assert.match(parsed.text ?? '', /Message from Alex Wilber/);
    });

    it("chooses the language: messageLanguage, then the guest's preferredLanguage, then the tenant's, then en-US", async () => {
      const german = unique('de');
      await invite({ invitedUserEmailAddress: german, invitedUserMessageInfo: { messageLanguage: 'de-DE' } });
      const de = (await mailTo(sink.deliveries, german)).parsed;
      assert.equal(de.subject, 'Contoso Ltd hat Sie eingeladen, auf Anwendungen in der eigenen Organisation zuzugreifen');
      assert.match(String(de.html), /lang="de-DE"/);
      assert.match(String(de.html), /Einladung annehmen/);

      const french = unique('fr');
      await invite({ invitedUserEmailAddress: french, invitedUserMessageInfo: { messageLanguage: 'fr' } });
      assert.match((await mailTo(sink.deliveries, french)).parsed.subject ?? '', /vous a invité/);

      const spanish = unique('es');
      const first = await invite({ invitedUserEmailAddress: spanish, sendInvitationMessage: false });
      const patched = await h.graph(inviter.token, 'PATCH', `/v1.0/users/${first.invitedUser.id}`, { preferredLanguage: 'es-ES' });
      assert.equal(patched.statusCode, 204, patched.body);
      await invite({ invitedUserEmailAddress: spanish });
      assert.match((await mailTo(sink.deliveries, spanish)).parsed.subject ?? '', /te ha invitado/);

      const t = await h.tenant('Lingua');
      const app = await h.appWith(t, ['User.Invite.All']);
      await updateTenantSettings(h.store, t.id, { preferredLanguage: 'ja-JP' });
      const japanese = unique('ja');
      assert.equal((await h.invite(app.token, { invitedUserEmailAddress: japanese, inviteRedirectUrl: redirect, sendInvitationMessage: true })).statusCode, 201);
      const ja = (await mailTo(sink.deliveries, japanese)).parsed;
      assert.match(ja.subject ?? '', /招待しました/);
      const brazil = unique('pt');
      assert.equal((await h.invite(app.token, { invitedUserEmailAddress: brazil, inviteRedirectUrl: redirect, sendInvitationMessage: true, invitedUserMessageInfo: { messageLanguage: 'pt-BR' } })).statusCode, 201);
      assert.match((await mailTo(sink.deliveries, brazil)).parsed.subject ?? '', /convidou você/);
    });

    it('refuses an unsupported messageLanguage at invitation time with nothing written', async () => {
      const to = unique('xx');
      const res = await h.invite(inviter.token, { invitedUserEmailAddress: to, inviteRedirectUrl: redirect, sendInvitationMessage: true, invitedUserMessageInfo: { messageLanguage: 'xx-YY' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'Request_BadRequest');
      assert.match(res.json().error.message, /'xx-YY'.*not supported; use one of en-US, de-DE/);
      assert.equal((await h.store.users.findByInvitedAddress(tenant.id, to.toLowerCase())), undefined);
    });

    it('a 4xx reply is retried: the mail arrives once', async () => {
      const to = unique('busy');
      let refused = 0;
      sink.respond = (d) => (d.rcptTo.includes(to.toLowerCase()) && refused++ === 0 ? { code: 451, message: '4.3.0 try again later' } : null);
      try {
        const inv = await invite({ invitedUserEmailAddress: to });
        await mailTo(sink.deliveries, to);
        const row = await waitForRow(h.db, inv.id, (r) => r.state === 'sent');
        assert.equal(row.attempts, 2);
        assert.equal(refused, 2, 'one refusal, then one accepted attempt');
      } finally {
        sink.respond = () => null;
      }
    });

    it('a 5xx reply fails the mail at once, with the reply kept and audited', async () => {
      const to = unique('nobody');
      sink.respond = (d) => (d.rcptTo.includes(to.toLowerCase()) ? { code: 550, message: '5.1.1 mailbox unavailable' } : null);
      try {
        const inv = await invite({ invitedUserEmailAddress: to });
        const row = await waitForRow(h.db, inv.id, (r) => r.state === 'failed');
        assert.equal(row.attempts, 1);
        assert.match(row.last_reply ?? '', /550 5\.1\.1 mailbox unavailable/);
        assert.equal(sink.deliveries.filter((d) => d.rcptTo.includes(to.toLowerCase())).length, 0);
        const audit = (await h.store.audit.list(tenant.id)).find((a) => a.activityDisplayName === 'Invitation Email' && a.targetResources[0].id === inv.invitedUser.id);
        assert.equal(audit?.result, 'failure');
        assert.match(audit?.resultReason ?? '', /550/);
      } finally {
        sink.respond = () => null;
      }
    });

    it('a mail server that is down for a while gets the mail once when it returns', async () => {
      await sink.stop();
      const to = unique('later');
      const inv = await invite({ invitedUserEmailAddress: to });
      const waiting = await waitForRow(h.db, inv.id, (r) => r.attempts >= 2 && r.state === 'queued');
      assert.match(waiting.last_error ?? '', /ECONNREFUSED|ECONNECTION|ESOCKET/);
      await sink.listen();
      await mailTo(sink.deliveries, to);
      await waitForRow(h.db, inv.id, (r) => r.state === 'sent');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sink.deliveries.filter((d) => d.rcptTo.includes(to.toLowerCase())).length, 1);
    });

    it('gives up after --mail-max-attempts temporary failures', async () => {
      const to = unique('never');
      sink.respond = (d) => (d.rcptTo.includes(to.toLowerCase()) ? { code: 421, message: '4.7.0 go away' } : null);
      try {
        const inv = await invite({ invitedUserEmailAddress: to });
        const row = await waitForRow(h.db, inv.id, (r) => r.state === 'failed');
        assert.equal(row.attempts, 4);
        assert.match(row.last_reply ?? '', /421/);
        assert.ok((await outboxRowFor(h.db, inv.id))?.message_id);
      } finally {
        sink.respond = () => null;
      }
    });
  });
}
