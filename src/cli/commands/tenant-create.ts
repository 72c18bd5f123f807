import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { createTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { collectList } from '../list-option.js';
import { tenantJson, tenantLines } from '../format/tenant-view.js';
import { withStore } from '../with-store.js';

interface Options { name: string; domain?: string[]; json?: boolean }

export function addTenantCreate(tenant: Command, io: Io): void {
  const command = tenant.command('create')
    .description('create a tenant with its initial <name>.<domain-suffix> domain and optional verified domains')
    .requiredOption('--name <name>', 'display name; its letters and digits make the initial domain label')
    .option('--domain <domain>', 'extra verified domain (repeat or comma-separate; the first becomes the default)', collectList);
  addAdminOptions(command, ['domainSuffix']);
  command.addHelpText('after', examples('portico tenant create --name "Contoso Ltd" --domain contoso.com,contoso.org'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    const created = await withStore(config.db, (store) =>
      createTenant(store, systemClock, { name: options.name, domains: options.domain ?? [], domainSuffix: config.domainSuffix }));
    printResult(io, options.json, tenantJson(created), () => ['Created tenant.', ...tenantLines(created)]);
  });
}
