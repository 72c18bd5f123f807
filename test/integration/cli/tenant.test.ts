import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { assertCleanError, runCli, runJson } from '../../helpers/portico-process.js';

interface TenantJson {
  id: string;
  displayName: string;
  initialDomain: string;
  verifiedDomains: { name: string; isDefault: boolean; isInitial: boolean }[];
}
interface AppJson { appId: string; tenantId: string }

describe('portico tenant', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let contoso: TenantJson;
      before(async () => { db = await createDatabase(dialect); });
      after(() => db.drop());

      it('create prints the tenant with its initial and extra verified domains', async () => {
        contoso = await runJson<TenantJson>(['tenant', 'create', '--db', db.url, '--name', 'Contoso Ltd',
          '--domain', 'contoso.com,Contoso.org', '--domain', 'contoso.net']);
        assert.match(contoso.id, /^[0-9a-f-]{36}$/);
        assert.equal(contoso.displayName, 'Contoso Ltd');
        assert.equal(contoso.initialDomain, 'contosoltd.onmicrosoft.com');
        // The initial domain first, then by name; the first --domain is the default.
        assert.deepEqual(contoso.verifiedDomains, [
          { name: 'contosoltd.onmicrosoft.com', isDefault: false, isInitial: true },
          { name: 'contoso.com', isDefault: true, isInitial: false },
          { name: 'contoso.net', isDefault: false, isInitial: false },
          { name: 'contoso.org', isDefault: false, isInitial: false },
        ]);
      });

      it('create takes the domain suffix from PORTICO_DOMAIN_SUFFIX, and the database from PORTICO_DB', async () => {
        const t = await runJson<TenantJson>(['tenant', 'create', '--name', 'Fabrikam'], { PORTICO_DB: db.url, PORTICO_DOMAIN_SUFFIX: 'portico.test' });
        assert.equal(t.initialDomain, 'fabrikam.portico.test');
        assert.deepEqual(t.verifiedDomains, [{ name: 'fabrikam.portico.test', isDefault: true, isInitial: true }]);
      });

      it('list prints { value: [...] } in creation order, and a table without --json', async () => {
        const list = await runJson<{ value: TenantJson[] }>(['tenant', 'list', '--db', db.url]);
        assert.deepEqual(Object.keys(list), ['value']);
        assert.deepEqual(list.value.map((t) => t.displayName), ['Contoso Ltd', 'Fabrikam']);
        assert.deepEqual(list.value[0], contoso);

        const human = await runCli(['tenant', 'list', '--db', db.url]);
        assert.equal(human.code, 0);
        assert.match(human.stdout, /^ID\s+NAME\s+DOMAINS$/m);
        assert.match(human.stdout, new RegExp(`^${contoso.id}\\s+Contoso Ltd\\s+.*contoso\\.com \\(default\\)`, 'm'));
      });

      it('--tenant resolves a tenant by GUID and by any of its domains, in any case', async () => {
        await runJson<AppJson>(['app', 'create', '--db', db.url, '--tenant', contoso.id, '--name', 'By id']);
        for (const tenant of [contoso.id.toUpperCase(), 'CONTOSO.org', 'contosoltd.onmicrosoft.com']) {
          const apps = await runJson<{ value: AppJson[] }>(['app', 'list', '--db', db.url, '--tenant', tenant]);
          assert.deepEqual(apps.value.map((a) => a.tenantId), [contoso.id], tenant);
        }
      });

      it('refuses a domain another tenant already has, and changes nothing', async () => {
        const r = await runCli(['tenant', 'create', '--db', db.url, '--name', 'Northwind', '--domain', 'northwind.com,CONTOSO.COM']);
        assertCleanError(r, /already belongs to another tenant/);
        const list = await runJson<{ value: TenantJson[] }>(['tenant', 'list', '--db', db.url]);
        assert.equal(list.value.length, 2);
      });

      it('refuses a second tenant whose name makes the same initial domain', async () => {
        assertCleanError(await runCli(['tenant', 'create', '--db', db.url, '--name', 'contoso-ltd']), /already belongs to another tenant/);
      });
    });
  }
});
