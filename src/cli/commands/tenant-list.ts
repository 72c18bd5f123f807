import type { Command } from 'commander';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { table } from '../format/table.js';
import { domainSummary, tenantJson } from '../format/tenant-view.js';
import { withStore } from '../with-store.js';

export function addTenantList(tenant: Command, io: Io): void {
  const command = tenant.command('list').description('list the tenants and their domains');
  addAdminOptions(command);
  command.addHelpText('after', examples('portico tenant list --json'));
  command.action(async (options: { json?: boolean }) => {
    const config = configFromOptions(options);
    const tenants = await withStore(config.db, (store) => store.tenants.list());
    // `{ value: [...] }` is Graph's collection shape, so scripts read lists the same way everywhere.
    printResult(io, options.json, { value: tenants.map(tenantJson) }, () =>
      tenants.length === 0
        ? ['No tenants yet. Create one with: portico tenant create --name <name>']
        : table(['ID', 'NAME', 'DOMAINS'], tenants.map((t) => [t.id, t.displayName, domainSummary(t)])));
  });
}
