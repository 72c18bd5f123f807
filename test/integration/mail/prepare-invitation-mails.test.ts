import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import type { AppPrincipal } from '../../../src/domain/identity/principal.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import { prepareInvitationMails, type PrepareOutcome } from '../../../src/domain/mail/prepare-invitation-mail.js';
import type { Tenant } from '../../../src/domain/model.js';
import type { Store } from '../../../src/domain/ports.js';
import { sha256 } from '../../../src/domain/random.js';
import { TenantCache } from '../../../src/domain/tenants/tenant-cache.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * The dispatcher prepares the mails of a claimed batch together (a few queries a tenant, one
 * statement for the tickets' hashes). Each mail must still get what it would have got alone: its
 * own tenant's facts, its own ticket whose hash is stored, or the reason it cannot be sent.
 */
const publicUrl = 'https://portico.test';

async function tenantWithApp(store: Store, name: string): Promise<{ tenant: Tenant; app: AppPrincipal }> {
  const tenant = await createTenant(store, systemClock, { name, domains: [`${name.toLowerCase()}.example`], domainSuffix: 'onmicrosoft.com' });
  return { tenant, app: { kind: 'app', tenantId: tenant.id, appId: 'a', servicePrincipalId: 'sp', displayName: 'Inviter', roles: ['User.Invite.All'] } };
}

const ticketOf = (o: PrepareOutcome): string => {
  assert.ok(!('gone' in o), `prepared, not gone: ${JSON.stringify(o)}`);
  return new URL(o.view.redeemUrl).searchParams.get('ticket') ?? '';
};

describe('prepareInvitationMails: a claimed batch prepared together', () => {
  it('gives every mail its own tenant, guest and stored ticket, and the reason for those that cannot go', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const a = await tenantWithApp(store, 'Contoso');
        const b = await tenantWithApp(store, 'Fabrikam');
        const deps = { store, clock: systemClock, publicUrl };
        const invite = (t: { tenant: Tenant; app: AppPrincipal }, address: string) =>
          inviteUser(deps, t.app, t.tenant, { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://app.example', sendInvitationMessage: true });
        const ann = await invite(a, 'ann@partner.example');
        const bob = await invite(a, 'bob@partner.example');
        const cid = await invite(b, 'cid@partner.example');
        const gone = await invite(a, 'gone@partner.example');
        await store.transact((r) => r.users.delete(a.tenant.id, gone.user.id));

        const now = new Date();
        const claimed = await store.transact((r) => r.outbox.claim(now.toISOString(), new Date(now.getTime() + 60_000).toISOString(), 'claim', 10));
        assert.equal(claimed.length, 4);
        const rowOf = (invitationId: string) => {
          const row = claimed.find((c) => (c.payload as { invitationId: string }).invitationId === invitationId);
          assert.ok(row, `claimed the mail of ${invitationId}`);
          return row;
        };
        // Mixed tenants, a mail listed twice, and a tenant that does not exist.
        const batch = [rowOf(ann.invitation.id), rowOf(cid.invitation.id), rowOf(gone.invitation.id), rowOf(bob.invitation.id), rowOf(ann.invitation.id),
          { tenantId: '00000000-0000-0000-0000-00000000dead', payload: { invitationId: ann.invitation.id, userId: ann.user.id } }];
        const out = await prepareInvitationMails({ store, tenants: new TenantCache(store.tenants), publicUrl }, batch);

        assert.equal(out.length, batch.length);
        assert.deepEqual(out[2], { gone: 'the invited user was deleted' });
        assert.deepEqual(out[5], { gone: 'the tenant no longer exists' });
        const expected = [[0, ann, a.tenant], [1, cid, b.tenant], [3, bob, a.tenant]] as const;
        for (const [i, inv, tenant] of expected) {
          const o = out[i];
          assert.ok(!('gone' in o));
          assert.deepEqual(o.envelope.to, [inv.invitation.invitedUserEmailAddress]);
          assert.equal(o.guest.id, inv.user.id);
          assert.equal(o.view.organizationName, tenant.displayName);
          const ticket = ticketOf(o);
          assert.equal(new URL(o.view.redeemUrl).searchParams.get('tenant'), tenant.id);
          const [row] = await db.query<{ mail_ticket_hash: string }>(`SELECT mail_ticket_hash FROM invitations WHERE id = '${inv.invitation.id}'`);
          assert.equal(row.mail_ticket_hash, sha256(ticket), 'the hash of this mail\'s own ticket is stored');
        }
        assert.equal(new Set([0, 1, 3].map((i) => ticketOf(out[i]))).size, 3, 'a ticket per invitation');
        assert.equal(ticketOf(out[4]), ticketOf(out[0]), 'a mail listed twice carries the one stored ticket');
        const [goneRow] = await db.query<{ mail_ticket_hash: string | null }>(`SELECT mail_ticket_hash FROM invitations WHERE id = '${gone.invitation.id}'`);
        assert.equal(goneRow.mail_ticket_hash, null, 'no ticket for a mail that cannot go');
      } finally {
        await store.close();
      }
    });
  });
});
