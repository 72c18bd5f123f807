import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import type { OutboxEntry } from '../../../src/domain/model.js';
import { openStore } from '../../../src/storage/open-store.js';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { mailTo } from '../../helpers/mail-assertions.js';
import { assertCleanError, childEnv, portico, runCli, runJson } from '../../helpers/portico-process.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';

interface TenantJson { id: string }
interface SettingsJson { tenantId: string; privacyStatementUrl: string | null; preferredLanguage: string | null; keepAppInviteMessage: boolean }

for (const dialect of dialects()) {
  describe(`portico outbox and tenant set (${dialect})`, () => {
    let db: TestDatabase;
    let sink: SmtpSink;
    let tenant: TenantJson;
    const guests = ['ana@fabrikam.example', 'bo@fabrikam.example'];

    before(async () => {
      db = await createDatabase(dialect);
      sink = await SmtpSink.start();
    });
    after(async () => {
      await sink.stop();
      await db.drop();
    });

    it('tenant set stores the privacy link, the language (canonical) and the message rule', async () => {
      tenant = await runJson<TenantJson>(['tenant', 'create', '--db', db.url, '--name', 'Contoso', '--domain', 'contoso-cli.example']);
      const s = await runJson<SettingsJson>(['tenant', 'set', '--db', db.url, '--tenant', 'contoso-cli.example',
        '--privacy-url', 'https://contoso-cli.example/privacy', '--language', 'de', '--app-invite-message', 'keep']);
      assert.deepEqual(s, { tenantId: tenant.id, privacyStatementUrl: 'https://contoso-cli.example/privacy', preferredLanguage: 'de-DE', keepAppInviteMessage: true });
      const cleared = await runJson<SettingsJson>(['tenant', 'set', '--db', db.url, '--tenant', tenant.id, '--privacy-url', 'none']);
      assert.equal(cleared.privacyStatementUrl, null);
      assert.equal(cleared.preferredLanguage, 'de-DE', 'options not given are kept');
      await runJson(['tenant', 'set', '--db', db.url, '--tenant', tenant.id, '--privacy-url', 'https://contoso-cli.example/privacy']);
    });

    it('tenant set refuses bad values cleanly', async () => {
      assertCleanError(await runCli(['tenant', 'set', '--db', db.url, '--tenant', tenant.id, '--privacy-url', 'javascript:alert(1)']), /absolute http or https URL/);
      assertCleanError(await runCli(['tenant', 'set', '--db', db.url, '--tenant', tenant.id, '--language', 'tlh-QO']), /not supported; use one of en-US/);
      assertCleanError(await runCli(['tenant', 'set', '--db', db.url, '--tenant', tenant.id, '--app-invite-message', 'maybe']), /use keep or drop/);
      assertCleanError(await runCli(['tenant', 'set', '--db', db.url, '--tenant', 'nowhere.example']), /Tenant 'nowhere\.example' not found/);
    });

    it('outbox list shows queued mail as a table and as { value: [...] }', async () => {
      const store = await openStore(db.url);
      try {
        const t = await store.tenants.findById(tenant.id);
        assert.ok(t);
        for (const address of guests) {
          await inviteUser({ store, clock: systemClock, publicUrl: 'https://portico.example' }, {
            kind: 'app', tenantId: tenant.id, appId: 'a', servicePrincipalId: 's', displayName: 'Onboarding', roles: ['User.Invite.All'],
          }, t, { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example', sendInvitationMessage: true, invitedUserMessageInfo: { customizedMessageBody: 'Willkommen!' } });
        }
      } finally {
        await store.close();
      }
      const human = await runCli(['outbox', 'list', '--db', db.url]);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /^ID\s+STATE\s+TRIES\s+TO\s+UPDATED\s+LAST REPLY$/m);
      for (const g of guests) assert.match(human.stdout, new RegExp(`\\squeued\\s+0\\s+${g.replace('.', '\\.')}\\s`));
      const json = await runJson<{ value: OutboxEntry[] }>(['outbox', 'list', '--db', db.url, '--tenant', 'contoso-cli.example']);
      assert.deepEqual(json.value.map((e) => [e.recipient, e.state, e.attempts]).sort(), guests.map((g) => [g, 'queued', 0]));
      assert.deepEqual((await runJson<{ value: OutboxEntry[] }>(['outbox', 'list', '--db', db.url, '--state', 'sent'])).value, []);
      assertCleanError(await runCli(['outbox', 'list', '--db', db.url, '--state', 'lost']), /use one of queued, sending, sent, failed/);
    });

    it('outbox run delivers with the tenant settings, drains on SIGTERM, and list then shows the replies', async () => {
      const child = spawn(process.execPath, [portico, 'outbox', 'run', '--db', db.url, '--smtp', sink.url,
        '--public-url', 'https://portico.example', '--outbox-poll-interval', '50', '--log-level', 'silent'], { env: childEnv() });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
      const exited = once(child, 'exit');
      try {
        const { parsed } = await mailTo(sink.deliveries, guests[0]);
        await mailTo(sink.deliveries, guests[1]);
        assert.equal(parsed.subject, 'Contoso hat Sie eingeladen, auf Anwendungen in der eigenen Organisation zuzugreifen');
        assert.match(parsed.text ?? '', /Willkommen!/, 'the tenant keeps the message of app invitations');
        assert.match(parsed.text ?? '', /https:\/\/contoso-cli\.example\/privacy/);
        assert.match(parsed.text ?? '', /https:\/\/portico\.example\/redeem\?tenant=/);
      } finally {
        child.kill('SIGTERM');
      }
      const [code] = await exited;
      assert.equal(code, 0);
      assert.match(stdout, /Outbox dispatcher running/);
      const sent = await runJson<{ value: OutboxEntry[] }>(['outbox', 'list', '--db', db.url, '--state', 'sent']);
      assert.equal(sent.value.length, 2);
      for (const e of sent.value) {
        assert.match(e.lastReply ?? '', /^250/);
        assert.equal(e.messageId, `<${e.id}@portico.example>`);
        assert.equal(e.attempts, 1);
      }
    });
  });
}
