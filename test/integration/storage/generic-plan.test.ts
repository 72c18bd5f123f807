import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/domain/clock.js';
import type { Tenant, User } from '../../../src/domain/model.js';
import { newId } from '../../../src/domain/random.js';
import { createTenant } from '../../../src/domain/tenants/create-tenant.js';
import { buildUserQuery } from '../../../src/domain/users/build-user-query.js';
import { equalityShape } from '../../../src/storage/generic-plan.js';
import { openStore } from '../../../src/storage/open-store.js';
import { preparedNameOf } from '../../../src/storage/prepared-statements.js';
import { userQuerySql } from '../../../src/storage/repos/user-query-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { planHandle } from '../../helpers/explain-plan.js';

/**
 * Users queries built of equality run as named prepared statements on PostgreSQL (generic-plan.ts),
 * which keep one generic plan after PostgreSQL's first five custom ones. Which filters qualify, and
 * that answers stay right for every value once the generic plan is in use.
 */
const existence = (a: string) =>
  `userPrincipalName eq '${a}' or mail eq '${a}' or proxyAddresses/any(x:x eq 'SMTP:${a}') or signInNames/any(x:x eq '${a}') or otherMails/any(x:x eq '${a}')`;
const filterOf = (text: string) => buildUserQuery({ filter: text }, { eventual: true, count: true }).filter;

describe('generic plans for equality filters', () => {
  it('qualifies equality filters only', () => {
    for (const text of [existence('a@b.example'), "userType eq 'Guest'", "id in ('1', '2')", "identities/any(i:i/issuer eq 'x' and i/issuerAssignedId eq 'y')", "mail eq 'a' and accountEnabled eq true"]) {
      assert.equal(equalityShape(filterOf(text)) !== null, true, text);
    }
    for (const text of ["startswith(displayName,'a')", "mail ne 'a'", "not(mail eq 'a')", "displayName eq null", "createdDateTime ge 2024-01-01T00:00:00Z", "otherMails/$count eq 0", "mail eq 'a' or startswith(displayName,'b')"]) {
      assert.equal(equalityShape(filterOf(text)) !== null, false, text);
    }
    assert.equal(equalityShape(null) !== null, false);
  });

  it('answers the existence query right for every address, past the custom plans, on both databases', async () => {
    await withDatabases(async (db) => {
      const store = await openStore(db.url, { poolSize: 1 });
      try {
        const tenant: Tenant = await createTenant(store, systemClock, { name: `Plans ${newId().slice(-6)}`, domainSuffix: 'onmicrosoft.com' });
        const people: User[] = [];
        for (let n = 0; n < 12; n++) {
          const mail = `person${n}@example.com`;
          const upn = `person${n}_example.com#EXT#@${tenant.initialDomain}`;
          people.push({
            tenantId: tenant.id, id: newId(), userPrincipalName: upn, displayName: `Person ${n}`, mail, mailNickname: `person${n}`,
            otherMails: [`other${n}@example.org`], proxyAddresses: [`SMTP:proxy${n}@example.net`],
            identities: [{ signInType: 'emailAddress', issuer: tenant.initialDomain, issuerAssignedId: `signin${n}@example.com` }],
            businessPhones: [], imAddresses: [], userType: 'Guest', creationType: 'Invitation', externalUserState: 'PendingAcceptance',
            externalUserStateChangeDateTime: new Date().toISOString(), accountEnabled: true, createdDateTime: new Date().toISOString(),
            givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null, officeLocation: null,
            preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null, invitedAddressKey: mail, passwordHash: null,
          });
        }
        await store.transact(async (r) => { for (const u of people) await r.users.insert(u); });
        // One connection, more runs than PostgreSQL's five custom plans, every way of holding an address.
        const ways = (n: number) => [`PERSON${n}@example.com`, `other${n}@example.org`, `proxy${n}@example.net`, `signin${n}@example.com`, `person${n}_example.com#EXT#@${tenant.initialDomain}`];
        for (let n = 0; n < 12; n++) {
          const address = ways(n)[n % 5];
          const page = await store.users.query(tenant.id, buildUserQuery({ filter: existence(address) }, { eventual: false, count: false }), { after: null, top: 100 });
          assert.deepEqual(page.users.map((u) => u.id), [people[n].id], `${db.dialect}: ${address}`);
          const none = await store.users.query(tenant.id, buildUserQuery({ filter: existence(`nobody${n}@example.com`) }, { eventual: false, count: false }), { after: null, top: 100 });
          assert.deepEqual(none.users, [], `${db.dialect}: nobody${n}`);
        }
        // The SQL the store ran is named on PostgreSQL only; a prefix query's is never named.
        const handle = planHandle(db);
        try {
          const sqlOf = (filter: string) => userQuerySql(handle, tenant.id, buildUserQuery({ filter }, { eventual: false, count: false })).segment(0, null, 101).compile().sql;
          assert.equal(preparedNameOf(sqlOf(existence('person0@example.com'))) !== undefined, db.dialect === 'postgres', db.dialect);
          await store.users.query(tenant.id, buildUserQuery({ filter: "startswith(displayName,'Person 1')" }, { eventual: false, count: false }), { after: null, top: 100 });
          assert.equal(preparedNameOf(sqlOf("startswith(displayName,'Person 1')")), undefined);
        } finally {
          await handle.destroy();
        }
      } finally {
        await store.close();
      }
    });
  });
});
