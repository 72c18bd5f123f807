import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openStore } from '../../../src/storage/open-store.js';
import { withDatabases } from '../../helpers/databases.js';

/**
 * Migration 009 drops the indexes of 001 that are prefixes of 002's query indexes; the lookups
 * they served (by mail, by an otherMails/proxyAddresses value, by a sign-in name) still find people.
 */
describe('migration 009-redundant-indexes', () => {
  it('leaves no redundant index, and address lookups still work', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      try {
        const names = await db.query<{ name: string }>(db.dialect === 'sqlite'
          ? "select name from sqlite_master where type = 'index'"
          : 'select indexname as name from pg_indexes where schemaname = current_schema()');
        const all = names.map((n) => n.name);
        for (const gone of ['users_mail_idx', 'user_values_lookup_idx', 'user_identities_lookup_idx']) assert.ok(!all.includes(gone), gone);
        for (const kept of ['users_q_mail', 'user_values_q', 'user_identities_q_assigned_id']) assert.ok(all.includes(kept), kept);
        const user = {
          tenantId: 't1', id: '01900000-0000-7000-8000-000000000001', userPrincipalName: 'ann@x.example', displayName: 'Ann', mail: 'Ann@X.example',
          mailNickname: 'ann', otherMails: ['ann@home.example'], proxyAddresses: ['SMTP:ann@proxy.example'], identities: [], businessPhones: [],
          imAddresses: [], userType: 'Member' as const, creationType: null, externalUserState: null, externalUserStateChangeDateTime: null,
          accountEnabled: true, createdDateTime: '2024-01-01T00:00:00.000Z', givenName: null, surname: null, jobTitle: null, department: null,
          companyName: null, mobilePhone: null, officeLocation: null, preferredLanguage: null, city: null, country: null, employeeId: null,
          usageLocation: null, invitedAddressKey: null, passwordHash: null,
        };
        await store.transact((r) => r.users.insert(user));
        for (const address of ['ann@x.example', 'ANN@home.example', 'ann@proxy.example']) {
          const found = await store.users.findByAnyAddress('t1', address);
          assert.deepEqual(found.map((u) => u.id), [user.id], address);
        }
      } finally {
        await store.close();
      }
    });
  });
});
