import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { Store, UserPageRequest, UserQueryPage } from '../ports.js';
import type { UserQuery } from './user-query.js';

export interface UserListing extends UserQueryPage {
  /** Present when asked for: the number of matches (Graph's `@odata.count`, first page only). */
  count?: number;
}

/** GET /users: one keyset page of the users matching a validated query, and the count when asked. */
export async function listUsers(
  store: Store, principal: Principal, query: UserQuery,
  page: UserPageRequest & { withCount: boolean }, policies: PolicySource = store.policies,
): Promise<UserListing> {
  await requireAccess(policies, principal, { kind: 'listUsers' });
  const [found, count] = await Promise.all([
    store.users.query(principal.tenantId, query, page),
    page.withCount ? store.users.count(principal.tenantId, query) : Promise.resolve(undefined),
  ]);
  return count === undefined ? found : { ...found, count };
}

/** GET /users/$count. */
export async function countUsers(store: Store, principal: Principal, query: UserQuery, policies: PolicySource = store.policies): Promise<number> {
  await requireAccess(policies, principal, { kind: 'listUsers' });
  return store.users.count(principal.tenantId, query);
}
