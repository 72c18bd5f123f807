import { requirePermission, type Principal } from '../identity/principal.js';
import type { Store } from '../ports.js';
import { findUser } from './get-user.js';

/** DELETE /users/{id}. */
export async function deleteUser(store: Store, principal: Principal, idOrUpn: string): Promise<void> {
  requirePermission(principal, 'writeUsers');
  await store.transact(async (r) => {
    const user = await findUser(r.users, principal.tenantId, idOrUpn);
    await r.users.delete(principal.tenantId, user.id);
  });
}
