import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import type { Tenant, User } from '../../../src/domain/model.js';
import { newId } from '../../../src/domain/random.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { openStore } from '../../../src/storage/open-store.js';
import { homeMembersQuery } from '../../../src/storage/repos/user-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { explain, planHandle } from '../../helpers/explain-plan.js';

/**
 * `users.findHomeMembers`: who owns an address on this server, across tenants. Its answers (members
 * only, any of UPN / mail / otherMails, case-insensitive, never the asking tenant) and its plans:
 * over 12 tenants of 300 users each (analyzed) no branch reads all of users or user_values. On
 * PostgreSQL sequential scans are priced out for the check, so the plan shows whether indexes *can*
 * serve it, which is what matters at a million users.
 */
function user(tenant: Tenant, n: number, over: Partial<User> = {}): User {
  const upn = `user${n}@${tenant.initialDomain}`;
  return {
    tenantId: tenant.id, id: newId(), userPrincipalName: upn, displayName: `User ${n}`, mail: null, mailNickname: `user${n}`,
    otherMails: [], proxyAddresses: [], identities: [{ signInType: 'userPrincipalName', issuer: tenant.initialDomain, issuerAssignedId: upn }],
    businessPhones: [], imAddresses: [], userType: 'Member', creationType: null, externalUserState: null,
    externalUserStateChangeDateTime: null, accountEnabled: true, createdDateTime: new Date().toISOString(),
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null, officeLocation: null,
    preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null, invitedAddressKey: null, passwordHash: null,
    ...over,
  };
}

const fullScan = (postgres: boolean, plan: string[]) => (postgres
  ? plan.find((l) => /Seq Scan on (users|user_values)\b/.test(l))
  : plan.find((l) => /^\s*SCAN (u|v)\b(?! USING (COVERING )?INDEX)/.test(l)));

describe('home members of an address, across tenants', () => {
  it('finds members by UPN, mail or otherMails in other tenants only, through indexes', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url);
      const postgres = db.dialect === 'postgres';
      const handle = planHandle(db);
      try {
        const tenants: Tenant[] = [];
        for (let t = 0; t < 12; t++) tenants.push(await createTenant(store, systemClock, { name: `Home ${t} ${Math.random().toString(36).slice(2, 6)}`, domainSuffix: 'onmicrosoft.com' }));
        for (const tenant of tenants) {
          await store.transact(async (r) => {
            for (let n = 0; n < 300; n++) {
              const address = `person${n}@example.com`;
              // Most rows of an address are guests of many tenants: they must never count.
              await r.users.insert(user(tenant, n, n % 3 === 0 ? { userType: 'Guest', mail: address, otherMails: [address], externalUserState: 'Accepted' } : { mail: `mail${n}@${tenant.initialDomain}` }));
            }
          });
        }
        const [inviting, fabrikam, northwind] = tenants;
        const byUpn = user(fabrikam, 1000, { userPrincipalName: `Mia@${fabrikam.initialDomain}` });
        const byOther = user(northwind, 1001, { otherMails: ['other@x.example', 'MIA.PRIVATE@example.com'] });
        const invitedMember = user(northwind, 1002, { mail: 'mia.private@example.com', externalUserState: 'Accepted', creationType: 'Invitation' });
        const ownMember = user(inviting, 1003, { mail: 'mia.private@example.com' });
        await store.transact(async (r) => { for (const u of [byUpn, byOther, invitedMember, ownMember]) await r.users.insert(u); });
        await db.query('analyze');

        const ids = async (address: string) => (await store.users.findHomeMembers(address, inviting.id)).map((u) => u.id).sort();
        assert.deepEqual(await ids(`mia@${fabrikam.initialDomain.toUpperCase()}`), [byUpn.id]);
        assert.deepEqual(await ids('Mia.Private@Example.com'), [byOther.id], 'otherMails; not the invited member, not the own tenant');
        assert.deepEqual(await ids(`mail7@${fabrikam.initialDomain}`), [(await store.users.findByUpn(fabrikam.id, `user7@${fabrikam.initialDomain}`))!.id], 'mail');
        assert.deepEqual(await ids('person3@example.com'), [], 'guests everywhere, a member nowhere');
        const found = (await store.users.findHomeMembers(`mia@${fabrikam.initialDomain}`, inviting.id))[0];
        assert.equal(found.tenantId, fabrikam.id);
        assert.deepEqual(found.identities, byUpn.identities, 'hydrated from its own tenant');
        assert.deepEqual(await store.users.findHomeMembers(`mia@${fabrikam.initialDomain}`, fabrikam.id), [], 'the asking tenant is left out');

        for (const address of [`mia@${fabrikam.initialDomain}`, 'person3@example.com']) {
          const plan = await explain(handle, postgres, homeMembersQuery(handle, address, inviting.id));
          assert.equal(fullScan(postgres, plan), undefined, plan.join('\n'));
        }
      } finally {
        await handle.destroy();
        await store.close();
      }
    });
  });
});
