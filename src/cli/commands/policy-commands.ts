import type { Command } from 'commander';
import { allowInvitesFromValues, type AuthorizationPolicyPatch } from '../../domain/policies/authorization-policy.js';
import { getAuthorizationPolicy, updateAuthorizationPolicy } from '../../domain/policies/authorization-policy-use-cases.js';
import { implicitRoleIds } from '../../domain/identity/directory-roles.js';
import { resolveTenant } from '../../domain/tenants/create-tenant.js';
import { addAdminOptions, examples } from '../admin-options.js';
import { configFromOptions } from '../config-options.js';
import { printResult, type Io } from '../io.js';
import { withStore } from '../with-store.js';

const guestRoleNames: Record<string, string> = {
  user: implicitRoleIds.user, 'guest user': implicitRoleIds.guestUser, 'restricted guest user': implicitRoleIds.restrictedGuestUser,
};

interface Options { tenant: string; allowInvitesFrom?: string; guestUserRole?: string; json?: boolean }

/** `portico policy set` and `portico policy show`: the tenant's authorizationPolicy. */
export function addPolicyCommands(policy: Command, io: Io): void {
  const set = policy.command('set')
    .description("change the tenant's authorization policy (who may invite guests, what guests may read)")
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains')
    .option('--allow-invites-from <value>', `who may invite guests: ${allowInvitesFromValues.join(', ')}`)
    .option('--guest-user-role <role>', 'what guests may read: "User", "Guest User" (default) or "Restricted Guest User" (or a role id)');
  addAdminOptions(set);
  set.addHelpText('after', examples('portico policy set --tenant contoso.com --allow-invites-from adminsAndGuestInviters'));
  set.action(async (options: Options) => {
    const patch: AuthorizationPolicyPatch = {};
    if (options.allowInvitesFrom !== undefined) patch.allowInvitesFrom = options.allowInvitesFrom;
    if (options.guestUserRole !== undefined) patch.guestUserRoleId = guestRoleNames[options.guestUserRole.trim().toLowerCase()] ?? options.guestUserRole;
    if (Object.keys(patch).length === 0) throw new Error('nothing to change: give --allow-invites-from and/or --guest-user-role');
    const config = configFromOptions(options);
    const updated = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return updateAuthorizationPolicy({ store, policies: store.policies }, 'cli', tenant.id, patch);
    });
    printResult(io, options.json, updated, () => [
      `Updated the authorization policy of tenant ${updated.tenantId}.`,
      `allowInvitesFrom  ${updated.allowInvitesFrom}`,
      `guestUserRoleId   ${updated.guestUserRoleId}`,
      'Running servers apply it within a few seconds.',
    ]);
  });

  const show = policy.command('show')
    .description("print the tenant's authorization policy")
    .requiredOption('--tenant <tenant>', 'tenant id or any of its domains');
  addAdminOptions(show);
  show.action(async (options: { tenant: string; json?: boolean }) => {
    const config = configFromOptions(options);
    const current = await withStore(config.db, async (store) => {
      const tenant = await resolveTenant(store, options.tenant);
      return getAuthorizationPolicy({ store, policies: store.policies }, 'cli', tenant.id);
    });
    printResult(io, options.json, current, () => [
      `allowInvitesFrom  ${current.allowInvitesFrom}`,
      `guestUserRoleId   ${current.guestUserRoleId}`,
    ]);
  });
}
