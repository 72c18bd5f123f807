import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { runCli, runJson } from '../../helpers/portico-process.js';

/** Every migration file, in name order: what a fresh database must receive. */
const migrationFiles = readdirSync(new URL('../../../src/storage/migrations/', import.meta.url))
  .filter((f) => /^\d{3}-.*\.ts$/.test(f)).map((f) => f.slice(0, -3)).sort();

interface KeysJson { kid: string; keys: { kid: string; createdDateTime: string; retiredDateTime: string | null }[] }
interface KeyRow { kid: string; retired_at: string | null }

describe('portico migrate and keys rotate', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      before(async () => { db = await createDatabase(dialect); });
      after(() => db.drop());

      it('migrate applies the schema once and then has nothing to do', async () => {
        assert.deepEqual(await runJson(['migrate', '--db', db.url]), { applied: migrationFiles });
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

  // Several processes (servers scaling out, a deploy's `portico migrate`) may migrate a new
  // database at once: each migration must run in exactly one of them and none may fail.
  for (const dialect of dialects()) {
    it(`${dialect}: four migrators at once on a new database apply each migration exactly once`, async () => {
      const db = await createDatabase(dialect);
      try {
        const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['migrate', '--json', '--db', db.url])));
        for (const run of runs) assert.equal(run.code, 0, run.stderr);
        const applied = runs.flatMap((run) => (JSON.parse(run.stdout) as { applied: string[] }).applied);
        assert.deepEqual(applied.sort(), migrationFiles);
        const recorded = await db.query<{ name: string }>('SELECT name FROM portico_migrations ORDER BY name');
        assert.deepEqual(recorded.map((r) => r.name), migrationFiles);
      } finally {
        await db.drop();
      }
    });
  }
});
