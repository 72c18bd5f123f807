import { requirePermission, type Principal } from '../identity/principal.js';
import type { Store, UserPage } from '../ports.js';

export async function listUsers(store: Store, principal: Principal, afterId: string | null, top: number): Promise<UserPage> {
  requirePermission(principal, 'readUsers');
  return store.users.page(principal.tenantId, afterId, top);
}
