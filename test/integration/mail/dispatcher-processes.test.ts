import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { createDatabase, dialects } from '../../helpers/databases.js';
import { mailTo, waitForRow } from '../../helpers/mail-assertions.js';
import { childEnv, freePort, portico, ServeProcess } from '../../helpers/portico-process.js';
import { SmtpSink } from '../../helpers/smtp-sink.js';

/** The bootstrap credentials a first `portico serve` prints. */
function bootstrapOf(stdout: string): { tenantId: string; clientId: string; secret: string } {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)$`, 'm').exec(stdout)?.[1] ?? '';
  return { tenantId: field('tenant id'), clientId: field('client id'), secret: field('client secret') };
}

async function inviteOver(base: string, boot: ReturnType<typeof bootstrapOf>, address: string): Promise<{ id: string }> {
  const tokenRes = await fetch(`${base}/${boot.tenantId}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: boot.clientId, client_secret: boot.secret, scope: 'https://graph.microsoft.com/.default' }),
  });
  assert.equal(tokenRes.status, 200, await tokenRes.clone().text());
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${base}/v1.0/invitations`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ invitedUserEmailAddress: address, inviteRedirectUrl: 'https://apps.example', sendInvitationMessage: true }),
  });
  assert.equal(res.status, 201);
  return (await res.json()) as { id: string };
}

for (const dialect of dialects()) {
  describe(`portico serve killed mid-delivery (${dialect})`, () => {
    it('the mail still arrives, once, after a restart', async () => {
      const db = await createDatabase(dialect);
      const sink = await SmtpSink.start();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const args = ['--http', '--port', String(port), '--host', '127.0.0.1', '--public-url', base, '--db', db.url, '--smtp', sink.url,
        '--outbox-lease', '1500', '--outbox-poll-interval', '100', '--log-level', 'silent'];
      let serve: ServeProcess | undefined;
      try {
        serve = await ServeProcess.start(args);
        const boot = bootstrapOf(serve.stdout);
        sink.stall = true;
        const address = 'interrupted@fabrikam.example';
        const inv = await inviteOver(base, boot, address);
        const deadline = Date.now() + 15_000;
        while (sink.attempts === 0) {
          assert.ok(Date.now() < deadline, 'the mail server never saw the mail');
          await new Promise((r) => setTimeout(r, 20));
        }
        // The server is sending (the SMTP server holds DATA unanswered): kill it without warning.
        await serve.stop('SIGKILL');
        const row = await waitForRow(db, inv.id, (r) => r.state === 'sending', 1000);
        assert.equal(row.attempts, 1);
        sink.stall = false;
        serve = await ServeProcess.start(args);
        await mailTo(sink.deliveries, address, 20_000);
        const sent = await waitForRow(db, inv.id, (r) => r.state === 'sent');
        assert.equal(sent.attempts, 2);
        assert.equal(sink.deliveries[0].parsed.messageId, `<${row.id}@127.0.0.1>`, "the retry keeps the Message-ID");
      } finally {
        await serve?.stop('SIGKILL');
        await sink.stop();
        await db.drop();
      }
    });
  });
}

describe('two dispatchers on one PostgreSQL', { skip: !dialects().includes('postgres') }, () => {
  it('never send the same mail twice', async () => {
    const db = await createDatabase('postgres');
    const sink = await SmtpSink.start();
    const count = 300;
    const children: ReturnType<typeof spawn>[] = [];
    try {
      const store = await openStore(db.url);
      try {
        const tenant = await createTenant(store, systemClock, { name: 'Pair', domainSuffix: 'onmicrosoft.com' });
        const principal = { kind: 'app' as const, tenantId: tenant.id, appId: 'a', servicePrincipalId: 's', displayName: 'bulk', roles: ['User.Invite.All'] };
        await Promise.all(Array.from({ length: count }, (_, i) => inviteUser({ store, clock: systemClock, publicUrl: 'https://portico.example' }, principal, tenant,
          { invitedUserEmailAddress: `pair${i}@fabrikam.example`, inviteRedirectUrl: 'https://apps.example', sendInvitationMessage: true })));
      } finally {
        await store.close();
      }
      for (let i = 0; i < 2; i++) {
        // Each process sends from its own address, so the mail tells which one sent it.
        children.push(spawn(process.execPath, [portico, 'outbox', 'run', '--db', db.url, '--smtp', sink.url, '--public-url', 'https://portico.example',
          '--mail-from', `invites@dispatcher${i}.example`,
          '--outbox-poll-interval', '20', '--outbox-concurrency', '8', '--log-level', 'silent'], { env: childEnv(), stdio: 'ignore' }));
      }
      await sink.waitFor(count, 60_000);
      await new Promise((r) => setTimeout(r, 500));
      // The Message-ID's left part is the outbox row's id, whichever process sent it.
      const rows = sink.deliveries.map((d) => (d.parsed.messageId ?? '').split('@')[0]);
      assert.equal(rows.length, count, 'no mail was delivered twice');
      assert.equal(new Set(rows).size, count);
      const bySender = (i: number) => sink.deliveries.filter((d) => d.mailFrom === `invites@dispatcher${i}.example`).length;
      assert.ok(bySender(0) > 0 && bySender(1) > 0, `both dispatchers took part (${bySender(0)} and ${bySender(1)})`);
      const [{ n }] = await db.query<{ n: string }>("SELECT count(*) AS n FROM outbox WHERE state = 'sent' AND attempts = 1");
      assert.equal(Number(n), count);
    } finally {
      for (const c of children) {
        c.kill('SIGTERM');
        if (c.exitCode === null) await once(c, 'exit');
      }
      await sink.stop();
      await db.drop();
    }
  });
});
