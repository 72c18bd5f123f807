import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import type { Tenant, User } from '../../../src/domain/model.js';
import { newId } from '../../../src/domain/random.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * `store.transact` runs concurrent units in one shared transaction (storage/group-commit.ts). A
 * unit that fails after writing must leave nothing behind, and must not cost its neighbours in the
 * same batch their work; a unit that loses a unique-key race runs once more.
 */
function member(tenant: Tenant, name: string): User {
  const upn = `${name}@${tenant.initialDomain}`;
  return {
    tenantId: tenant.id, id: newId(), userPrincipalName: upn, displayName: name, mail: null, mailNickname: name,
    otherMails: [], proxyAddresses: [], identities: [{ signInType: 'userPrincipalName', issuer: tenant.initialDomain, issuerAssignedId: upn }],
    businessPhones: [], imAddresses: [], userType: 'Member', creationType: null, externalUserState: null,
    externalUserStateChangeDateTime: null, accountEnabled: true, createdDateTime: new Date().toISOString(),
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null, officeLocation: null,
    preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null, invitedAddressKey: null, passwordHash: null,
  };
}

describe('group commit through store.transact', () => {
  it('a failing unit leaves nothing behind and its neighbours in the batch commit', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const tenant = await createTenant(store, systemClock, { name: 'Batch', domainSuffix: 'onmicrosoft.com' });
        // Submitted in one turn of the event loop, so they share a batch.
        const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => store.transact(async (repos) => {
          await repos.users.insert(member(tenant, `user${n}`));
          if (n % 7 === 3) throw new Error(`unit ${n} refused after writing`);
          return n;
        })));
        const failed = outcomes.flatMap((o, n) => (o.status === 'rejected' ? [n] : []));
        assert.deepEqual(failed, [3, 10, 17, 24, 31, 38]);
        for (const n of failed) assert.match(String((outcomes[n] as PromiseRejectedResult).reason), new RegExp(`unit ${n} refused`));
        assert.deepEqual(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])).length, 34);
        const stored = await db.query<{ upn: string }>(`select upn_lower as upn from users where tenant_id = '${tenant.id}' and upn_lower like 'user%'`);
        const expected = Array.from({ length: 40 }, (_, n) => n).filter((n) => !failed.includes(n)).map((n) => `user${n}@${tenant.initialDomain}`.toLowerCase());
        assert.deepEqual(stored.map((r) => r.upn).sort(), expected.sort());
        const identities = await db.query<{ n: number | string }>(`select count(*) as n from user_identities where tenant_id = '${tenant.id}' and issuer_assigned_id like 'user%'`);
        assert.equal(Number(identities[0].n), 34, 'no child rows of a failed unit remain');
      } finally {
        await store.close();
      }
    });
  });

  it('a unit that breaks a unique key is rejected with UniqueViolation; the database aborting the batch costs the others nothing', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const tenant = await createTenant(store, systemClock, { name: 'Unique', domainSuffix: 'onmicrosoft.com' });
        await store.transact((repos) => repos.users.insert(member(tenant, 'taken')));
        // On PostgreSQL the violation aborts the whole shared transaction, not just the statement.
        const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => store.transact(async (repos) => {
          await repos.users.insert(member(tenant, n === 4 ? 'taken' : `other${n}`));
          return n;
        })));
        const rejected = outcomes.flatMap((o, n) => (o.status === 'rejected' ? [[n, (o.reason as Error).name]] : []));
        assert.deepEqual(rejected, [[4, 'UniqueViolation']]);
        const stored = await db.query<{ n: number | string }>(`select count(*) as n from users where tenant_id = '${tenant.id}' and (upn_lower like 'other%' or upn_lower like 'taken%')`);
        assert.equal(Number(stored[0].n), 10, 'the nine others and the first holder of the name');
      } finally {
        await store.close();
      }
    });
  });
});
