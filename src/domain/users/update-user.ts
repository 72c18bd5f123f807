import { badRequest } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { Tenant, User, UserPatch } from '../model.js';
import { UniqueViolation, type Store } from '../ports.js';
import { findUser } from './get-user.js';
import { duplicateValue } from './user-errors.js';
import { checkMailNickname, checkMemberUpn } from './user-rules.js';

/** PATCH /users/{id}: sets the given properties; the rest stay as they are. */
export async function updateUser(
  store: Store, principal: Principal, tenant: Tenant, idOrUpn: string, patch: UserPatch, policies: PolicySource = store.policies,
): Promise<void> {
  await requireAccess(policies, principal, { kind: 'updateUser' });
  if (patch.mailNickname !== undefined) checkMailNickname(patch.mailNickname ?? '');
  if (patch.displayName !== undefined && !patch.displayName?.trim()) {
    throw badRequest("Property 'displayName' may not be empty.", 'displayName');
  }
  try {
    await store.transact(async (r) => {
      const user = await findUser(r.users, tenant.id, idOrUpn);
      if (patch.userPrincipalName !== undefined && patch.userPrincipalName !== user.userPrincipalName && !user.userPrincipalName.includes('#EXT#')) {
        checkMemberUpn(tenant, patch.userPrincipalName);
      }
      const updated: User = { ...user, ...patch };
      if (patch.mail !== undefined && user.creationType !== 'Invitation') {
        updated.proxyAddresses = patch.mail ? [`SMTP:${patch.mail}`] : [];
      }
      await r.users.update(updated);
    });
  } catch (err) {
    if (err instanceof UniqueViolation) throw duplicateValue('userPrincipalName');
    throw err;
  }
}
