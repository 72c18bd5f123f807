import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { assertCleanError, runCli, runJson } from '../../helpers/portico-process.js';

describe('portico refusals: exit code 1, one error line, no stack trace', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      before(async () => {
        db = await createDatabase(dialect);
        await runJson(['tenant', 'create', '--db', db.url, '--name', 'Contoso']);
      });
      after(() => db.drop());

      const cases: { name: string; args: () => string[]; error: RegExp }[] = [
        { name: 'unknown tenant by domain', args: () => ['app', 'create', '--db', db.url, '--tenant', 'nowhere.example', '--name', 'X'], error: /^error: Tenant 'nowhere.example' not found\.$/m },
        { name: 'unknown tenant by GUID', args: () => ['app', 'list', '--db', db.url, '--tenant', '00000000-0000-0000-0000-000000000000'], error: /^error: Tenant '0{8}-.*' not found\.$/m },
        { name: 'unknown permission', args: () => ['app', 'create', '--db', db.url, '--tenant', 'contoso.onmicrosoft.com', '--name', 'X', '--permissions', 'User.Invite.All,Mail.Send'], error: /^error: Unknown permission\(s\): Mail\.Send\.$/m },
        { name: 'unknown app', args: () => ['app', 'secret', 'add', '--db', db.url, '--tenant', 'contoso.onmicrosoft.com', '--app', '00000000-0000-0000-0000-000000000000'], error: /not found/ },
      ];
      for (const c of cases) {
        it(c.name, async () => assertCleanError(await runCli(c.args()), c.error));
      }

      it('nothing was created by the refused commands', async () => {
        const apps = await runJson<{ value: unknown[] }>(['app', 'list', '--db', db.url]);
        assert.deepEqual(apps.value, []);
      });
    });
  }

  // Input refused before any database work: one dialect (an in-memory SQLite) is enough.
  it('an invalid domain, a name without letters', async () => {
    assertCleanError(await runCli(['tenant', 'create', '--db', ':memory:', '--name', 'Y', '--domain', 'not a domain']), /'not a domain' is not a valid domain name/);
    assertCleanError(await runCli(['tenant', 'create', '--db', ':memory:', '--name', '***']), /no letters or digits/);
  });

  it('a configuration error (PORTICO_TOKEN_LIFETIME)', async () => {
    assertCleanError(await runCli(['keys', 'rotate', '--db', ':memory:'], { PORTICO_TOKEN_LIFETIME: 'soon' }), /--token-lifetime must be a whole number/);
  });

  it('an unreachable database', async () => {
    assertCleanError(await runCli(['tenant', 'list', '--db', 'postgres://postgres@127.0.0.1:1/none']), /ECONNREFUSED/);
  });

  it('a missing required option or an unknown command (commander\'s own errors)', async () => {
    assertCleanError(await runCli(['tenant', 'create']), /required option '--name <name>' not specified/);
    assertCleanError(await runCli(['tenant', 'rename']), /unknown command 'rename'/);
  });
});
