import type { Command } from 'commander';
import { listRoleAssignments } from '../../domain/roles/read-directory-roles.js';
import { findUser } from '../../domain/users/get-user.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { roleAssignmentJson } from '../format/role-view.js';
import { table } from '../format/table.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

export function addUserRoleList(role: Command, io: Io): void {
  const command = role.command('list')
    .description("list a tenant's directory role assignments, or one user's")
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .option('--user <user>', 'only this user (object id or user principal name)');
  addAdminOptions(command);
  command.addHelpText('after', examples('portico user role list --tenant contoso.com', 'portico user role list --tenant contoso.com --user maria@contoso.com --json'));
  command.action(async (options: { tenant: string; user?: string; json?: boolean }) => {
    const config = configFromOptions(options);
    const rows = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      const principalId = options.user === undefined ? undefined : (await findUser(store.users, tenant.id, options.user)).id;
      const found = await listRoleAssignments({ store, policies: store.policies }, 'cli', tenant.id, { principalId });
      return Promise.all(found.map(async (a) => roleAssignmentJson(a, await store.users.findById(tenant.id, a.principalId))));
    });
    printResult(io, options.json, { value: rows }, () =>
      rows.length === 0
        ? ['No role assignments. Add one with: portico user role add --tenant <tenant> --user <user> --role <role>']
        : table(['USER', 'ROLE', 'ASSIGNMENT ID'], rows.map((r) => [r.userPrincipalName ?? r.principalId, r.role, r.id])));
  });
}
