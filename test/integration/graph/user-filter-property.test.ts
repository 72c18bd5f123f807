import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { seedDirectory } from '../../helpers/query-directory.js';

/**
 * Property: whatever `$filter` text arrives — well-formed, random, hostile (SQL fragments,
 * unbalanced quotes, deep nesting, huge inputs) — the API answers 200 or 400, never a 500, and a
 * 200 never holds a user of another tenant. Run through HTTP on both databases with fast-check.
 */
const properties = ['displayName', 'userPrincipalName', 'mail', 'givenName', 'surname', 'jobTitle', 'userType', 'externalUserState',
  'accountEnabled', 'createdDateTime', 'id', 'city', 'companyName', 'employeeId', 'nope', 'password_hash', 'tenant_id'];
const collections = ['otherMails', 'proxyAddresses', 'businessPhones', 'imAddresses', 'signInNames', 'identities'];
const literal = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`),
  fc.string({ maxLength: 12 }).map((s) => `'${s}'`),
  fc.constantFrom('null', 'true', 'false', '0', '-1.5', '2021-01-01T00:00:00Z', '4562bcc8-c436-4f95-b7c0-4f8ce89dca5e', "'x' or 1=1 --", "''; drop table users; --"),
);
const op = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le', 'EQ', 'Eq');
const leaf = fc.oneof(
  fc.tuple(fc.constantFrom(...properties), op, literal).map(([p, o, l]) => `${p} ${o} ${l}`),
  fc.tuple(fc.constantFrom('startswith', 'endsWith', 'contains'), fc.constantFrom(...properties), literal).map(([f, p, l]) => `${f}(${p},${l})`),
  fc.tuple(fc.constantFrom(...collections), literal).map(([c, l]) => `${c}/any(x:x eq ${l})`),
  fc.tuple(fc.constantFrom(...collections), fc.constantFrom('eq 0', 'ne 0', 'gt 1')).map(([c, t]) => `${c}/$count ${t}`),
  fc.tuple(fc.constantFrom(...properties), fc.array(literal, { maxLength: 20 })).map(([p, ls]) => `${p} in (${ls.join(',')})`),
);
const { filter } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('filter'), fc.constantFrom('and', 'or', 'AND'), tie('filter')).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('filter').map((f) => `not(${f})`),
    tie('filter').map((f) => `(${f})`)),
}));
const hostile = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.constantFrom("'", "((((", ')))', "displayName eq '", 'displayName eq', '1=1', "' OR '1'='1", 'a'.repeat(40_000), '('.repeat(5_000) + 'id eq 1' + ')'.repeat(5_000)),
  filter.map((f) => f.slice(0, Math.max(1, Math.floor(f.length / 2)))),
);

for (const dialect of dialects()) {
  describe(`random and hostile $filter text (${dialect})`, () => {
    let h: GraphHarness;
    let token: string;
    let theirs: Set<string>;

    before(async () => {
      h = await GraphHarness.start(dialect);
      const tenant = await h.tenant('Fuzz Corp', ['fuzz.example']);
      token = (await h.appWith(tenant, ['User.ReadWrite.All'])).token;
      await seedDirectory(h, tenant, 'fuzz.example', token);
      const other = await h.tenant('Fuzz Twin', ['fuzz-twin.example']);
      const twin = await seedDirectory(h, other, 'fuzz.example', (await h.appWith(other, ['User.ReadWrite.All'])).token);
      theirs = new Set(twin.ids.values());
      ours = new Set((await h.store.users.page(tenant.id, null, 999)).users.map((u) => u.id));
    });
    after(async () => h.stop());

    const check = async (text: string, advanced: boolean) => {
      const url = `/v1.0/users?$filter=${encodeURIComponent(text)}${advanced ? '&$count=true' : ''}&$select=id`;
      const res = await h.graph(token, 'GET', url, undefined, advanced ? { consistencylevel: 'eventual' } : {});
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${res.statusCode} for ${JSON.stringify(text.slice(0, 200))}: ${res.body.slice(0, 300)}`);
      const body = res.json();
      if (res.statusCode === 400) {
        assert.ok(typeof body.error?.code === 'string' && typeof body.error?.message === 'string');
        return;
      }
      answered++;
      for (const u of body.value as { id: string }[]) {
        assert.ok(!theirs.has(u.id), `another tenant's user for ${text}`);
        assert.ok(ours.has(u.id), `an unknown user for ${text}`);
      }
    };
    let answered = 0;
    let ours: Set<string>;

    it('well-formed random filters: only 200 or 400, never another tenant', async () => {
      answered = 0;
      await fc.assert(fc.asyncProperty(filter, fc.boolean(), check), { numRuns: 250, seed: 20261126 });
      assert.ok(answered > 25, `the generator reaches valid queries too (${answered} answered with 200)`);
    });

    it('hostile text: only 400 or 200, never a 500', async () => {
      await fc.assert(fc.asyncProperty(hostile, fc.boolean(), check), { numRuns: 250, seed: 42 });
    });
  });
}
