import type { Command } from 'commander';
import { systemClock } from '../../domain/clock.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { assignDirectoryRole } from '../../domain/roles/assign-directory-role.js';
import { createMemberUser } from '../../domain/users/create-user.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';
import { requireKnownRole, roleNamesHelp } from './user-role-add.js';

interface Options { tenant: string; upn: string; displayName: string; password: string; role: string[]; json?: boolean }

/** `portico user create`: a member who signs in with a password (as POST /users with passwordProfile). */
export function addUserCreate(user: Command, io: Io): void {
  const command = user.command('create')
    .description('create a member user who can sign in at the tenant\'s authority with a password')
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .requiredOption('--upn <upn>', 'userPrincipalName on one of the tenant\'s domains')
    .requiredOption('--display-name <name>', 'display name')
    .requiredOption('--password <password>', 'initial password (8+ characters, three of lower, upper, digit, symbol)')
    .option('--role <role>', `a directory role to give the user, repeatable: ${roleNamesHelp}`, (v: string, all: string[]) => [...all, v], []);
  addAdminOptions(command);
  command.addHelpText('after', examples('portico user create --tenant contoso.com --upn ada@contoso.com --display-name "Ada Lovelace" --password \'S3cure!pass\'',
    'portico user create --tenant contoso.com --upn gi@contoso.com --display-name "Gil Inviter" --password \'S3cure!pass\' --role "Guest Inviter"'));
  command.action(async (options: Options) => {
    const config = configFromOptions(options);
    // Unknown roles are refused before the user is created, so a typo leaves nothing half-made.
    const roles = options.role.map((r) => requireKnownRole(r));
    const created = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      const user = await createMemberUser(store, systemClock, tenant, {
        accountEnabled: true, displayName: options.displayName, userPrincipalName: options.upn,
        mailNickname: options.upn.split('@')[0], passwordProfile: { password: options.password, forceChangePasswordNextSignIn: false },
      });
      for (const role of roles) {
        await assignDirectoryRole({ store, clock: systemClock, policies: store.policies }, 'cli', tenant, { role: role.templateId, user: user.id });
      }
      return user;
    });
    printResult(io, options.json, {
      id: created.id, tenantId: created.tenantId, userPrincipalName: created.userPrincipalName,
      displayName: created.displayName, userType: created.userType, roles: roles.map((r) => r.displayName),
    }, () => [`Created user ${created.userPrincipalName} (${created.id}) in tenant ${created.tenantId}.`,
      ...roles.map((r) => `Gave ${created.userPrincipalName} the role ${r.displayName}.`)]);
  });
}
