import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { buildUserQuery } from '../../../src/domain/users/build-user-query.js';
import { CompiledShapes } from '../../../src/storage/compiled-shapes.js';
import { equalityShape } from '../../../src/storage/generic-plan.js';
import { equalitySegmentSql, equalityShapes, userQuerySql } from '../../../src/storage/repos/user-query-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { planHandle } from '../../helpers/explain-plan.js';

/**
 * Equality filters reuse their shape's compiled SQL (compiled-shapes.ts). Whatever the values,
 * the reused statement must be exactly what Kysely compiles for the query itself.
 */
const existence = (a: string) =>
  `userPrincipalName eq '${a}' or mail eq '${a}' or proxyAddresses/any(x:x eq 'SMTP:${a}') or signInNames/any(x:x eq '${a}') or otherMails/any(x:x eq '${a}')`;

/** Filter templates; each is filled with several values, mixed case and odd characters included. */
const templates: ((v: string, i: number) => string)[] = [
  (v) => existence(v),
  (v) => `mail eq '${v}'`,
  () => "externalUserState eq 'PendingAcceptance'",
  (v, i) => `accountEnabled eq ${i % 2 === 0} and userType eq '${v}'`,
  (v, i) => `mail in (${Array.from({ length: 1 + (i % 3) }, (_, k) => `'${k}${v}'`).join(', ')})`,
  (v) => `identities/any(c:c/issuer eq '${v}' and c/issuerAssignedId eq 'Id.${v}')`,
  (v) => `displayName eq '${v}' and (jobTitle eq 'X${v}' or department eq 'Y${v}')`,
];
const values = ['Adele.Vance@Contoso.COM', "o''neil@example.org", 'ÖMER@Ünicode.example', '%_\\x', ''];

describe('compiled shapes', () => {
  it('reuses a recipe only when every parameter is a value, its lower-case form, or a constant', () => {
    const shapes = new CompiledShapes();
    let builds = 0;
    const plain = (v: readonly string[]) => {
      builds++;
      return CompiledQuery.raw(`select ? , ?, ?`, [v[0], v[1].toLowerCase(), 'kind']);
    };
    for (const [a, b] of [['A', 'B'], ['Cc', 'DD'], ['e', 'F']]) {
      assert.deepEqual(shapes.compile('plain', [a, b], plain).parameters, [a, b.toLowerCase(), 'kind']);
    }
    assert.equal(builds, 2, 'learnt once (with two sets of probes), then reused');
    let likes = 0;
    const like = (v: readonly string[]) => {
      likes++;
      return CompiledQuery.raw('select ? like ?', [v[0], `%${v[0]}`]);
    };
    for (const a of ['x', 'y', 'z']) assert.deepEqual(shapes.compile('like', [a], like).parameters, [a, `%${a}`]);
    assert.equal(likes, 1 + 3, 'a transformed value is never cached: compiled per call');
    let drops = 0;
    const dropped = (v: readonly string[]) => {
      drops++;
      return CompiledQuery.raw(`select '${v[0].length}'`, []);
    };
    assert.deepEqual(shapes.compile('dropped', ['a'], dropped).sql, "select '1'");
    assert.deepEqual(shapes.compile('dropped', ['abc'], dropped).sql, "select '3'", 'a value that is no parameter stops caching');
    assert.equal(drops, 1 + 2);
    // Two shapes at most: the least recently used is the one a new shape evicts.
    const bounded = new CompiledShapes(2);
    let oneBuilds = 0;
    const one = (v: readonly string[]) => {
      oneBuilds++;
      return plainOne(v);
    };
    bounded.compile('one', ['a'], one);
    bounded.compile('two', ['b'], plainOne);
    bounded.compile('one', ['c'], one);
    bounded.compile('three', ['d'], plainOne);
    assert.deepEqual(bounded.compile('one', ['e'], one).parameters, ['e']);
    assert.equal(oneBuilds, 2, "'one', used just before 'three' came, stayed cached");
    bounded.compile('two', ['f'], plainOne);
    bounded.compile('four', ['g'], plainOne);
    assert.deepEqual(bounded.compile('one', ['h'], one).parameters, ['h']);
    assert.equal(oneBuilds, 4, "'one', least recently used when 'four' came, was evicted and learnt again");
  });

  it('gives exactly the SQL and parameters Kysely compiles, for every value, on both databases', async () => {
    await withDatabases(async (db) => {
      const handle = planHandle(db);
      try {
        let compared = 0;
        const reused = equalityShapes.counts.reused;
        for (const tenantId of ['0191a0b1-0000-7000-8000-000000000001', '0191a0b1-0000-7000-8000-000000000002']) {
          templates.forEach((template, t) => {
            values.forEach((v, i) => {
              const query = buildUserQuery({ filter: template(v, i) }, { eventual: true, count: false });
              const shape = equalityShape(query.filter);
              assert.ok(shape, `${template(v, i)} is an equality filter`);
              for (const after of [null, { id: `0191a0b1-0000-7000-8000-${String(i).padStart(12, '0')}` }]) {
                for (const limit of [1, 101]) {
                  const direct = userQuerySql(handle, tenantId, query).segment(0, after, limit).compile();
                  const fromShape = equalitySegmentSql(handle, tenantId, query, shape, after, limit);
                  assert.equal(fromShape.sql, direct.sql, `${db.dialect} #${t}`);
                  assert.deepEqual(fromShape.parameters, direct.parameters, `${db.dialect} #${t}: ${template(v, i)}`);
                  compared++;
                }
              }
            });
          });
        }
        assert.equal(compared, 2 * templates.length * values.length * 4);
        // Every template's shape is cached: all but the first of each (shape, after, limit) reuse its recipe.
        assert.ok(equalityShapes.counts.reused - reused >= compared - 4 * templates.length * 3, `${equalityShapes.counts.reused - reused} reused`);
      } finally {
        await handle.destroy();
      }
    });
  });
});

function plainOne(v: readonly string[]) {
  return CompiledQuery.raw('select ?', [v[0]]);
}
