import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { ALL_KEYS, seedDirectory, type SeededDirectory } from '../../helpers/query-directory.js';
import type { Tenant, User } from '../../../src/domain/model.js';

/**
 * Keyset paging through filtered, ordered and searched results (every match exactly once, in
 * order, stable while users come and go), skiptokens bound to their query, and hostile query
 * text: only 200 or 400, never a 500, never another tenant's users.
 */

const EVENTUAL = { ConsistencyLevel: 'eventual' };
const BY_DISPLAY_NAME = ['nameless', 'adele', 'alex', 'christie', 'picard', 'grace', 'camel', 'lee', 'megan', 'newbie', 'pat', 'second', 'sinead', 'xavier'];
const GUESTS = ['pat', 'grace', 'newbie', 'second'];

const hostileFilters = [
  "displayName eq 'x' or 1 eq 1",
  "displayName eq 'x'' or ''1''=''1'",
  "displayName eq 'x'; drop table users; --'",
  "displayName eq 'Robert''); DROP TABLE users;--'",
  "displayName eq 'x') or (1=1",
  "displayName eq 'x' union select * from users",
  "tenant_id eq 'anything'",
  "users.tenant_id ne ''",
  "id eq '1' or tenant_id ne ''",
  "upn_lower eq 'adelev@queries.example'",
  "startswith(displayName,'%')",
  "startswith(displayName,'\\')",
  "startswith(displayName,'')",
  "mail eq '\u0000'",
  "displayName eq '\u{10FFFF}'",
  `displayName eq '${'a'.repeat(5000)}'`,
  `${'('.repeat(200)}displayName eq 'x'${')'.repeat(200)}`,
  `${'not('.repeat(150)}displayName eq 'x'${')'.repeat(150)}`,
  Array.from({ length: 900 }, (_, i) => `displayName eq '${i}'`).join(' or '),
  "otherMails/any(x:x eq '' or 1 eq 1)",
  "otherMails/any(x:x eq 'a') or 'x' eq 'x'",
  "identities/any(c:c/issuer eq 'x' or c/tenant_id ne 'y')",
  'signInNames/any(x:x eq null)',
  "createdDateTime ge 9999-12-31T23:59:59Z or createdDateTime le 0001-01-01T00:00:00Z",
  "displayName eq 'x' and (otherMails/$count ne 0 or proxyAddresses/$count eq 0)",
  "\"; select 1; --",
  "displayName eq \"x\"",
  "displayName eq 'x\\' or 1=1 --'",
  "endswith(mail,'\\%')",
  "endswith(mail,'%') or endswith(mail,'_')",
  "displayName in ('a','b'",
  "displayName eq 'a' and",
  "''",
  "$count eq 0",
  "@p1 eq 'x'",
];

for (const dialect of dialects()) {
  describe(`user query paging and hostile input (${dialect})`, () => {
    let h: GraphHarness;
    let dir: SeededDirectory;
    let twin: SeededDirectory;
    let token: string;
    let twinToken: string;
    const get = (url: string, headers: Record<string, string> = {}, as = token) => h.graph(as, 'GET', url, undefined, headers);
    const keyOf = (id: string) => dir.keys.get(id) ?? (twin.keys.has(id) ? `TWIN:${twin.keys.get(id)}` : `OTHER:${id}`);

    /** Follows nextLinks from `url`; returns each page's keys and the first page's body. */
    async function walk(url: string, headers: Record<string, string> = {}, between?: (page: number) => Promise<void>) {
      const pages: string[][] = [];
      const bodies: Record<string, unknown>[] = [];
      let next: string | undefined = url;
      while (next) {
        const res = await get(next, headers);
        assert.equal(res.statusCode, 200, `${next}: ${res.body}`);
        const body = res.json();
        bodies.push(body);
        pages.push(body.value.map((u: { id: string }) => keyOf(u.id)));
        const link: string | undefined = body['@odata.nextLink'];
        if (link) assert.ok(link.startsWith(`${PUBLIC_URL}/v1.0/users?`) || link.startsWith(`${PUBLIC_URL}/beta/users?`), link);
        next = link?.slice(PUBLIC_URL.length);
        if (between) await between(pages.length);
        assert.ok(pages.length < 50, 'paging terminates');
      }
      return { pages, bodies, keys: pages.flat() };
    }

    before(async () => {
      h = await GraphHarness.start(dialect);
      const tenant = await h.tenant('Paging Corp', ['queries.example']);
      token = (await h.appWith(tenant, ['User.ReadWrite.All'])).token;
      dir = await seedDirectory(h, tenant, 'queries.example', token);
      const other = await h.tenant('Paging Twin', ['paging-twin.example']);
      twinToken = (await h.appWith(other, ['User.ReadWrite.All'])).token;
      twin = await seedDirectory(h, other, 'queries.example', twinToken);
    });
    after(async () => h.stop());

    it('pages a filtered, ordered advanced query: every match once, in order, count on the first page only', async () => {
      const filter = "userType eq 'Member'";
      const { pages, bodies, keys } = await walk(`/v1.0/users?$filter=${encodeURIComponent(filter)}&$orderby=displayName&$count=true&$top=2&$select=id,displayName`, EVENTUAL);
      assert.deepEqual(keys, BY_DISPLAY_NAME.filter((k) => !GUESTS.includes(k)));
      assert.ok(pages.every((p) => p.length <= 2));
      assert.equal(bodies[0]['@odata.count'], 10);
      for (const b of bodies.slice(1)) assert.equal(b['@odata.count'], undefined);
      const link = String(bodies[0]['@odata.nextLink']);
      const query = link.slice(link.indexOf('?') + 1);
      assert.match(query, /^\$filter=userType%20eq%20'Member'&\$orderby=displayName&\$select=id%2CdisplayName&\$count=true&\$top=2&\$skiptoken=[\w.-]+$/);
    });

    it('pages descending through the null displayName at the end, and ascending with it first', async () => {
      const desc = await walk('/v1.0/users?$orderby=displayName%20desc&$top=3');
      assert.deepEqual(desc.keys, [...BY_DISPLAY_NAME].reverse());
      const asc = await walk('/beta/users?$orderby=displayName&$top=1');
      assert.deepEqual(asc.keys, BY_DISPLAY_NAME);
    });

    it('pages by userPrincipalName and by createdDateTime (AQ)', async () => {
      const byUpn = await walk('/v1.0/users?$orderby=userPrincipalName%20desc&$top=4&$select=userPrincipalName');
      const upns = byUpn.bodies.flatMap((b) => (b.value as { userPrincipalName: string }[]).map((u) => u.userPrincipalName.toLowerCase()));
      assert.deepEqual(upns, [...upns].sort().reverse());
      assert.equal(new Set(byUpn.keys).size, ALL_KEYS.length);
      const byTime = await walk('/v1.0/users?$orderby=createdDateTime&$count=true&$top=5&$select=createdDateTime', EVENTUAL);
      const times = byTime.bodies.flatMap((b) => (b.value as { createdDateTime: string }[]).map((u) => u.createdDateTime));
      assert.deepEqual(times, [...times].sort());
      assert.deepEqual([...byTime.keys].sort(), [...ALL_KEYS].sort());
    });

    it('pages in object-id order under a filter, and through a $search', async () => {
      const enabled = await walk(`/v1.0/users?$filter=${encodeURIComponent('accountEnabled eq true')}&$top=4`);
      assert.deepEqual([...enabled.keys].sort(), ALL_KEYS.filter((k) => k !== 'alex').sort());
      const ids = enabled.bodies.flatMap((b) => (b.value as { id: string }[]).map((u) => u.id));
      assert.deepEqual(ids, [...ids].sort());
      const searched = await walk(`/v1.0/users?$search=${encodeURIComponent('"displayName:a" OR "displayName:g"')}&$top=1`, EVENTUAL);
      assert.deepEqual([...searched.keys].sort(), ['adele', 'alex', 'grace', 'lee']);
    });

    it('pages a $search read off the token index: each match once, a user with two matching words too, in token order', async () => {
      const twice = user(dir.tenant, 'Anna Adams Alvarez');
      await h.store.users.insert(twice);
      try {
        const one = await walk(`/v1.0/users?$search=${encodeURIComponent('"displayName:a"')}&$top=1`, EVENTUAL);
        const keys = one.keys.map((k) => (k === `OTHER:${twice.id}` ? 'twice' : k));
        assert.deepEqual([...keys].sort(), ['adele', 'alex', 'twice']);
        // Ordered by the user's first word starting with 'a': adams (twice), adele, alex.
        assert.deepEqual(keys, ['twice', 'adele', 'alex']);
        const both = await walk(`/v1.0/users?$search=${encodeURIComponent('"displayName:alv ad"')}&$top=1`, EVENTUAL);
        assert.deepEqual(both.keys, [`OTHER:${twice.id}`]);
        const filtered = await walk(`/v1.0/users?$search=${encodeURIComponent('"displayName:a"')}&$filter=${encodeURIComponent("mailNickname eq 'AlexW' or mailNickname eq 'annaadamsalvarez'")}&$top=1`, EVENTUAL);
        assert.deepEqual([...filtered.keys].sort(), [`OTHER:${twice.id}`, 'alex'].sort());
      } finally {
        await h.store.users.delete(dir.tenant.id, twice.id);
      }
    });

    it('pages a range filter without $orderby in the range\'s order, each match once', async () => {
      const { keys, bodies } = await walk(`/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'a') or startswith(displayName,'g')")}&$top=1`);
      assert.deepEqual([...keys].sort(), ['adele', 'alex', 'grace']);
      const ranged = await walk(`/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'a')")}&$top=1&$select=displayName`);
      const names = ranged.bodies.flatMap((b) => (b.value as { displayName: string }[]).map((u) => u.displayName.toLowerCase()));
      assert.deepEqual(names, [...names].sort());
      assert.deepEqual([...ranged.keys].sort(), ['adele', 'alex']);
      assert.ok(bodies.length >= 3);
    });

    it('stays stable while users are added and removed between pages', async () => {
      const tenant = dir.tenant;
      const early = user(tenant, 'Aaron Early');
      const late = user(tenant, 'Zed Late');
      const { keys } = await walk('/v1.0/users?$orderby=displayName&$top=3', {}, async (page) => {
        if (page === 2) {
          await h.store.users.insert(early);
          await h.store.users.insert(late);
          await h.store.users.delete(tenant.id, dir.ids.get('xavier') ?? '');
        }
      });
      const seen = keys.map((k) => (k === `OTHER:${late.id}` ? 'late' : k === `OTHER:${early.id}` ? 'early' : k));
      assert.equal(new Set(seen).size, seen.length, 'nobody twice');
      assert.ok(!seen.includes('early'), 'a user added before the position is not seen');
      assert.ok(seen.includes('late'), 'a user added after the position is seen');
      assert.ok(!seen.includes('xavier'), 'a user removed ahead is not seen');
      for (const k of BY_DISPLAY_NAME.filter((x) => x !== 'xavier')) assert.ok(seen.includes(k), `${k} seen`);
      await h.store.users.delete(tenant.id, early.id);
      await h.store.users.delete(tenant.id, late.id);
      const restored = await seedXavier(h, tenant);
      dir.ids.set('xavier', restored);
      dir.keys.set(restored, 'xavier');
    });

    it('binds a skiptoken to its query: another filter, order or search is a 400; another encoding is not', async () => {
      const filter = "userType eq 'Guest'";
      const first = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}&$top=1`);
      const link = String(first.json()['@odata.nextLink']);
      const skiptoken = new URL(link).searchParams.get('$skiptoken') ?? '';
      const reuse = (query: string, headers: Record<string, string> = {}) => get(`/v1.0/users?${query}&$top=1&$skiptoken=${encodeURIComponent(skiptoken)}`, headers);
      assert.equal((await reuse(`$filter=${encodeURIComponent(filter)}`)).statusCode, 200);
      assert.equal((await reuse("$filter=userType+eq+'Guest'")).statusCode, 200);
      for (const [query, headers] of [
        [`$filter=${encodeURIComponent("userType eq 'Member'")}`, {}],
        ['', {}],
        [`$filter=${encodeURIComponent(filter)}&$search=${encodeURIComponent('"displayName:a"')}`, EVENTUAL],
        ['$orderby=displayName', {}],
      ] as const) {
        const res = await reuse(query, headers);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.equal(res.json().error.message, "The value of the '$skiptoken' query parameter is not valid.");
      }
      const foreign = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}&$top=1&$skiptoken=${encodeURIComponent(skiptoken)}`, {}, twinToken);
      assert.equal(foreign.statusCode, 400, 'a token of another tenant');
    });

    it('the existence query of each tenant finds only that tenant\'s user', async () => {
      const filter = "userPrincipalName eq 'AdeleV@queries.example' or mail eq 'AdeleV@queries.example' or proxyAddresses/any(x:x eq 'SMTP:AdeleV@queries.example') or signInNames/any(x:x eq 'AdeleV@queries.example') or otherMails/any(x:x eq 'AdeleV@queries.example')";
      const mine = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}`);
      assert.deepEqual(mine.json().value.map((u: { id: string }) => keyOf(u.id)), ['adele']);
      const theirs = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}`, {}, twinToken);
      assert.deepEqual(theirs.json().value.map((u: { id: string }) => keyOf(u.id)), ['TWIN:adele']);
    });

    for (const [i, filter] of hostileFilters.entries()) {
      it(`hostile $filter #${i}: 200 or 400, own tenant only`, async () => {
        for (const headers of [{}, EVENTUAL]) {
          const res = await get(`/v1.0/users?$filter=${encodeURIComponent(filter)}${'ConsistencyLevel' in headers ? '&$count=true' : ''}`, headers);
          assert.ok(res.statusCode === 200 || res.statusCode === 400, `${res.statusCode}: ${res.body.slice(0, 300)}`);
          if (res.statusCode === 400) continue;
          for (const u of res.json().value as { id: string }[]) assert.ok(dir.keys.has(u.id), `foreign user ${keyOf(u.id)}`);
        }
      });
    }

    it('hostile $orderby, $search and $select: 200 or 400, and the directory is intact afterwards', async () => {
      const urls = [
        '/v1.0/users?$orderby=displayName;%20drop%20table%20users',
        '/v1.0/users?$orderby=(select%201)',
        '/v1.0/users?$orderby=tenant_id',
        `/v1.0/users?$search=${encodeURIComponent('"displayName:x\' or 1=1 --"')}`,
        `/v1.0/users?$search=${encodeURIComponent('"displayName:%" OR "mail:_"')}`,
        `/v1.0/users?$search=${encodeURIComponent('"tenant_id:x"')}`,
        '/v1.0/users?$select=id,tenant_id',
        '/v1.0/users?$select=id;drop%20table%20users',
        `/v1.0/users?$skiptoken=${encodeURIComponent("x'; drop table users; --")}`,
      ];
      for (const url of urls) {
        const res = await get(url, EVENTUAL);
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode === 200) for (const u of res.json().value as { id: string }[]) assert.ok(dir.keys.has(u.id), url);
      }
      const all = await get('/v1.0/users?$top=999');
      assert.equal(all.json().value.length, ALL_KEYS.length);
    });
  });
}

function user(tenant: Tenant, displayName: string): User {
  const local = displayName.toLowerCase().replace(/\W/g, '');
  return {
    tenantId: tenant.id, id: randomUUID(), userPrincipalName: `${local}@queries.example`, displayName, mail: null, mailNickname: local,
    otherMails: [], proxyAddresses: [], identities: [], businessPhones: [], imAddresses: [], userType: 'Member', creationType: null,
    externalUserState: null, externalUserStateChangeDateTime: null, accountEnabled: true, createdDateTime: new Date().toISOString(),
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null, officeLocation: null,
    preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null, invitedAddressKey: null, passwordHash: null,
  };
}

/** Puts a user named like the seeded Xavier back (the order tests only need the name). */
async function seedXavier(h: GraphHarness, tenant: Tenant): Promise<string> {
  const x = { ...user(tenant, 'Xavier External'), userPrincipalName: 'xavier.again@queries.example' };
  await h.store.users.insert(x);
  return x.id;
}
