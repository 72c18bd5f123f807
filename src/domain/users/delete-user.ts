import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { Store } from '../ports.js';
import { findUser } from './get-user.js';

/** DELETE /users/{id}. */
export async function deleteUser(store: Store, principal: Principal, idOrUpn: string, policies: PolicySource = store.policies): Promise<void> {
  await requireAccess(policies, principal, { kind: 'deleteUser' });
  await store.transact(async (r) => {
    const user = await findUser(r.users, principal.tenantId, idOrUpn);
    await r.users.delete(principal.tenantId, user.id);
    // A deleted user holds no roles: an assignment must not outlive its principal.
    await r.roles.removeAllFor(principal.tenantId, user.id);
  });
}
