import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { removeRoleAssignment } from '../../domain/roles/remove-directory-role.js';
import { roleAssignmentId } from '../../domain/roles/role-ids.js';
import { findUser } from '../../domain/users/get-user.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';
import { requireKnownRole, roleNamesHelp } from './user-role-add.js';

export function addUserRoleRemove(role: Command, io: Io): void {
  const command = role.command('remove')
    .description('take a directory role away from a user')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--user <user>', 'object id or user principal name')
    .requiredOption('--role <role>', `role name or template id: ${roleNamesHelp}`);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico user role remove --tenant contoso.com --user maria@contoso.com --role "Guest Inviter"'));
  command.action(async (options: { tenant: string; user: string; role: string; json?: boolean }) => {
    const config = configFromOptions(options);
    const role = requireKnownRole(options.role);
    const removed = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      const user = await findUser(store.users, tenant.id, options.user);
      await removeRoleAssignment({ store, clock: systemClock, policies: store.policies }, 'cli', tenant.id, roleAssignmentId(role.templateId, user.id));
      return { user, role };
    });
    printResult(io, options.json, { userId: removed.user.id, roleDefinitionId: removed.role.templateId, removed: true }, () => [
      `${removed.user.userPrincipalName} no longer holds ${removed.role.displayName}.`,
    ]);
  });
}
