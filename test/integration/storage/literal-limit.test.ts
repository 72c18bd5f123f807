import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildUserQuery } from '../../../src/domain/users/build-user-query.js';
import { literalLimit } from '../../../src/storage/literal-limit.js';
import { openStore } from '../../../src/storage/open-store.js';
import { userQuerySql } from '../../../src/storage/repos/user-query-repo.js';
import { withDatabases } from '../../helpers/databases.js';
import { planHandle } from '../../helpers/explain-plan.js';

/**
 * Page sizes are written into the SQL text (literal-limit.ts): SQLite compiles a statement again on
 * every run when its LIMIT is a bound parameter.
 */
describe('literal LIMIT', () => {
  it('inlines safe non-negative integers and leaves anything else a parameter', () => {
    assert.notEqual(typeof literalLimit(101), 'number');
    for (const odd of [-1, 1.5, Number.NaN, 2 ** 60]) assert.equal(literalLimit(odd), odd);
  });

  it('a users page has its LIMIT in the text, no LIMIT parameter, and still pages on both databases', async () => {
    await withDatabases(async (db) => {
      const handle = planHandle(db);
      const store = await openStore(db.url);
      try {
        const query = buildUserQuery({ filter: "startswith(displayName,'a')" }, { eventual: false, count: false });
        const compiled = userQuerySql(handle, 'tenant-1', query).segment(0, null, 101).compile();
        assert.match(compiled.sql, /limit 101$/);
        assert.ok(!compiled.parameters.includes(101), JSON.stringify(compiled.parameters));
        // A filter that matches nothing reads an empty page through the same statement.
        const page = await store.users.query('no-such-tenant', query, { after: null, top: 3 });
        assert.deepEqual(page.users, []);
      } finally {
        await store.close();
        await handle.destroy();
      }
    });
  });
});
