import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { findRoleTemplate, roleTemplates, type DirectoryRoleTemplate } from '../../domain/identity/directory-roles.js';
import { assignDirectoryRole } from '../../domain/roles/assign-directory-role.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { roleAssignmentJson } from '../format/role-view.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

interface Options { tenant: string; user: string; role: string; json?: boolean }

export const roleNamesHelp = roleTemplates.map((r) => `"${r.displayName}"`).join(', ');

/** A role the catalog lacks is refused with the names it has, before anything is opened for writing. */
export function requireKnownRole(nameOrId: string): DirectoryRoleTemplate {
  const role = findRoleTemplate(nameOrId);
  if (!role) throw new Error(`unknown role '${nameOrId}'; the roles are ${roleNamesHelp}`);
  return role;
}

export function addUserRoleAdd(role: Command, io: Io): void {
  const command = role.command('add')
    .description('give a user a directory role (tenant-wide); the role is activated on first use')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--user <user>', 'object id or user principal name')
    .requiredOption('--role <role>', `role name or template id: ${roleNamesHelp}`);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico user role add --tenant contoso.com --user maria@contoso.com --role "Guest Inviter"'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    requireKnownRole(options.role);
    const result = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return assignDirectoryRole({ store, clock: systemClock, policies: store.policies }, 'cli', tenant, { role: options.role, user: options.user });
    });
    printResult(io, options.json, { ...roleAssignmentJson(result.assignment, result.user), created: result.created }, () => [
      result.created
        ? `${result.user.userPrincipalName} now holds ${result.role.displayName} in tenant ${result.assignment.tenantId}.`
        : `${result.user.userPrincipalName} already holds ${result.role.displayName}; nothing changed.`,
      `assignment id   ${result.assignment.id}`,
    ]);
  });
}
