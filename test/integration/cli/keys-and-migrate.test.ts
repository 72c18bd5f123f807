import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { runCli, runJson } from '../../helpers/portico-process.js';

interface KeysJson { kid: string; keys: { kid: string; createdDateTime: string; retiredDateTime: string | null }[] }
interface KeyRow { kid: string; retired_at: string | null }

describe('portico migrate and keys rotate', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      before(async () => { db = await createDatabase(dialect); });
      after(() => db.drop());

      it('migrate applies the schema once and then has nothing to do', async () => {
        assert.deepEqual(await runJson(['migrate', '--db', db.url]), { applied: ['001-initial', '002-query-indexes', '003-mail-ticket', '006-delegated-identity'] });
        assert.deepEqual(await runJson(['migrate', '--db', db.url]), { applied: [] });
        const again = await runCli(['migrate'], { PORTICO_DB: db.url });
        assert.equal(again.code, 0, again.stderr);
        assert.equal(again.stdout, 'The database is up to date; no migrations ran.\n');
      });

      it('keys rotate starts a new signing key and retires the old one', async () => {
        const rotated = await runJson<KeysJson>(['keys', 'rotate', '--db', db.url]);
        assert.equal(rotated.keys.length, 2);
        const [old, current] = rotated.keys;
        assert.equal(current.kid, rotated.kid);
        assert.equal(current.retiredDateTime, null);
        assert.notEqual(old.retiredDateTime, null);

        const rows = await db.query<KeyRow>('SELECT kid, retired_at FROM signing_keys ORDER BY created_at');
        assert.deepEqual(rows.map((r) => [r.kid, r.retired_at === null]), [[old.kid, false], [current.kid, true]]);
      });

      it('a second rotation keeps the recently retired keys published', async () => {
        const rotated = await runJson<KeysJson>(['keys', 'rotate', '--db', db.url]);
        assert.equal(rotated.keys.length, 3);
        assert.deepEqual(rotated.keys.filter((k) => k.retiredDateTime === null).map((k) => k.kid), [rotated.kid]);
      });
    });
  }
});
