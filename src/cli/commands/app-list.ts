import type { Command } from 'commander';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { appJson, permissionList } from '../format/app-view.js';
import { table } from '../format/table.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

export function addAppList(app: Command, io: Io): void {
  const command = app.command('list')
    .description('list app registrations (secrets are never shown again)')
    .option('--tenant <tenant>', 'only this tenant (id or any of its domains)');
  addAdminOptions(command);
  command.addHelpText('after', examples('portico app list --tenant contoso.com'));
  command.action(async (options: { tenant?: string; json?: boolean }) => {
    const config = configFromOptions(options);
    const apps = await withStore(config.db, async (store) => {
      const tenantId = options.tenant === undefined ? undefined : (await resolveTenant(store, options.tenant)).id;
      return store.apps.list(tenantId);
    });
    printResult(io, options.json, { value: apps.map(appJson) }, () =>
      apps.length === 0
        ? ['No apps. Register one with: portico app create --tenant <tenant> --name <name>']
        : table(['APP ID', 'TENANT', 'NAME', 'PERMISSIONS'], apps.map((a) => [a.appId, a.tenantId, a.displayName, permissionList(a)])));
  });
}
