import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { User } from '../model.js';
import type { Store, UserCollection, UserRepo } from '../ports.js';
import { userNotFound } from './user-errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `/users/{id | userPrincipalName}`: a GUID is an object id, anything else a UPN. `collections`:
 * those to read (UserRepo.findById), every one when absent.
 */
export async function findUser(users: UserRepo, tenantId: string, idOrUpn: string, collections?: readonly UserCollection[]): Promise<User> {
  const user = GUID.test(idOrUpn)
    ? await users.findById(tenantId, idOrUpn, collections)
    : await users.findByUpn(tenantId, idOrUpn, collections);
  if (!user) throw userNotFound(idOrUpn);
  return user;
}

/** GET /users/{id}; `collections` as in findUser (a `$select` that shows none of a user's collections reads none). */
export async function getUser(
  store: Store, principal: Principal, idOrUpn: string, policies: PolicySource = store.policies, collections?: readonly UserCollection[],
): Promise<User> {
  // Decided before the lookup, so a caller that may not read users cannot probe which exist.
  await requireAccess(policies, principal, { kind: 'readUser', target: idOrUpn });
  return findUser(store.users, principal.tenantId, idOrUpn, collections);
}
