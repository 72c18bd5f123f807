import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { AppPrincipal } from '../../../src/domain/identity/principal.js';
import { inviteUser } from '../../../src/domain/invitations/invite-user.js';
import type { Tenant } from '../../../src/domain/model.js';
import type { Store } from '../../../src/domain/ports.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases, type TestDatabase } from '../../helpers/databases.js';

/**
 * New guests' invitations submitted together are written together (store.insertGuestInvitation,
 * GroupCommitter: on PostgreSQL one statement for the batch). The answers must be exactly those of
 * writing them one after another: an invitation that an earlier one in the same batch blocks (the
 * same address in another case, the same address in the same tenant) finds that guest, and
 * what each wrote is whole.
 */
const app = (tenant: Tenant): AppPrincipal => ({
  kind: 'app', tenantId: tenant.id, appId: 'batch-app', servicePrincipalId: 'batch-sp', displayName: 'batch', roles: ['User.Invite.All'],
});

const invite = (store: Store, tenant: Tenant, address: string) => inviteUser(
  { store, clock: systemClock, publicUrl: 'https://portico.test' }, app(tenant), tenant,
  { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://app.example/', sendInvitationMessage: true, invitedUserId: null, invitedUserSponsorIds: [] },
);

const count = async (db: TestDatabase, table: string, tenant: Tenant) =>
  Number((await db.query<{ n: number | string }>(`select count(*) as n from ${table} where tenant_id = '${tenant.id}'`))[0].n);

describe('new guests invited together', () => {
  it('are each written whole once, and one that an earlier one in the batch blocks finds that guest', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const a = await createTenant(store, systemClock, { name: 'Batch A', domainSuffix: 'onmicrosoft.com' });
        const b = await createTenant(store, systemClock, { name: 'Batch B', domainSuffix: 'onmicrosoft.com' });
        // An existing guest holds 'held@partner.example' in its otherMails.
        const held = await invite(store, a, 'held@partner.example');
        // One turn of the event loop: one batch.
        const requests: [Tenant, string][] = [
          ...Array.from({ length: 12 }, (_, n): [Tenant, string] => [a, `new${n}@partner.example`]),
          [a, 'Twice@Partner.example'], [a, 'twice@partner.EXAMPLE'], [a, 'twice@partner.example'],
          [a, 'held@partner.example'],
          [b, 'twice@partner.example'], [b, 'new0@partner.example'],
        ];
        const results = await Promise.allSettled(requests.map(([t, address]) => invite(store, t, address)));
        const ok = results.map((r) => {
          if (r.status === 'rejected') throw r.reason instanceof DomainError ? new Error(r.reason.message) : r.reason;
          return r.value;
        });

        // Each new address of tenant A got its own guest and pending invitation.
        const fresh = ok.slice(0, 12);
        assert.equal(new Set(fresh.map((r) => r.user.id)).size, 12);
        for (const [n, r] of fresh.entries()) {
          assert.equal(r.user.mail, `new${n}@partner.example`);
          assert.equal(r.invitation.status, 'PendingAcceptance');
        }
        // One address in three spellings: one guest, three invitations of it.
        const twice = ok.slice(12, 15);
        assert.equal(new Set(twice.map((r) => r.user.id)).size, 1);
        assert.equal(new Set(twice.map((r) => r.invitation.id)).size, 3);
        // The held address is the existing guest's, re-invited.
        assert.equal(ok[15].user.id, held.user.id);
        // Tenant B's guests are its own, though their addresses are also tenant A's.
        assert.notEqual(ok[16].user.id, twice[0].user.id);
        assert.equal(ok[16].user.tenantId, b.id);
        assert.notEqual(ok[17].user.id, fresh[0].user.id);

        // What was stored: 14 guests in A (held, 12 new, twice), 2 in B; every invitation has its
        // mail and audit record; every guest its values and identities.
        assert.equal(await count(db, 'users', a), 14);
        assert.equal(await count(db, 'users', b), 2);
        assert.equal(await count(db, 'invitations', a), 1 + 16);
        assert.equal(await count(db, 'invitations', b), 2);
        for (const t of [a, b]) {
          assert.equal(await count(db, 'outbox', t), await count(db, 'invitations', t), 'one mail an invitation');
          assert.equal(await count(db, 'audit_logs', t), await count(db, 'invitations', t), 'one audit record an invitation');
          assert.equal(await count(db, 'audit_targets', t), await count(db, 'invitations', t));
          assert.equal(await count(db, 'user_identities', t), await count(db, 'users', t), 'one identity a guest');
          const orphans = await db.query(`select v.user_id from user_values v left join users u on u.tenant_id = v.tenant_id and u.id = v.user_id
            where v.tenant_id = '${t.id}' and u.id is null`);
          assert.deepEqual(orphans, [], 'no values without their guest');
        }
        const perGuest = await db.query<{ kind: string; n: number | string }>(
          `select kind, count(*) as n from user_values where tenant_id = '${a.id}' and kind in ('otherMails', 'proxyAddresses') group by kind order by kind`);
        assert.deepEqual(perGuest.map((r) => [r.kind, Number(r.n)]), [['otherMails', 14], ['proxyAddresses', 14]]);
      } finally {
        await store.close();
      }
    });
  });

  it('answer a unit that fails with its own error, write nothing of it, and write the others of its batch', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const tenant = await createTenant(store, systemClock, { name: 'Batch C', domainSuffix: 'onmicrosoft.com' });
        await invite(store, tenant, 'first@partner.example');
        const [{ id: takenAuditId }] = await db.query<{ id: string }>(`select id from audit_logs where tenant_id = '${tenant.id}'`);
        // The real store, except that one invitation's audit record reuses an existing record's id:
        // its write breaks the audit log's primary key, in whichever statement writes it.
        const faulty: Store = {
          ...store,
          insertGuestInvitation: (w) => store.insertGuestInvitation(w.address === 'bad@partner.example' ? { ...w, audit: { ...w.audit, id: takenAuditId } } : w),
        };
        const addresses = ['ok0@partner.example', 'ok1@partner.example', 'bad@partner.example', 'ok2@partner.example', 'ok3@partner.example'];
        // One turn of the event loop: one batch.
        const results = await Promise.allSettled(addresses.map((address) => invite(faulty, tenant, address)));
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        const guests = await db.query<{ mail: string }>(`select mail from users where tenant_id = '${tenant.id}' order by mail`);
        assert.deepEqual(guests.map((g) => g.mail), ['first@partner.example', 'ok0@partner.example', 'ok1@partner.example', 'ok2@partner.example', 'ok3@partner.example']);
        for (const table of ['invitations', 'outbox', 'audit_logs', 'audit_targets', 'user_identities']) {
          assert.equal(await count(db, table, tenant), 5, `${table}: the four written invitations and the first, nothing of the failed one`);
        }
        assert.equal(await count(db, 'user_values', tenant), Number((await db.query<{ n: number | string }>(
          `select count(*) as n from user_values v join users u on u.tenant_id = v.tenant_id and u.id = v.user_id where v.tenant_id = '${tenant.id}'`))[0].n));
        // The address is free: invited again without the fault, it is written.
        assert.equal((await invite(store, tenant, 'bad@partner.example')).invitation.status, 'PendingAcceptance');
      } finally {
        await store.close();
      }
    });
  });
});
