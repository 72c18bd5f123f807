import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { User } from '../model.js';
import type { Store, UserRepo } from '../ports.js';
import { userNotFound } from './user-errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/users/{id | userPrincipalName}`: a GUID is an object id, anything else a UPN. */
export async function findUser(users: UserRepo, tenantId: string, idOrUpn: string): Promise<User> {
  const user = GUID.test(idOrUpn)
    ? await users.findById(tenantId, idOrUpn)
    : await users.findByUpn(tenantId, idOrUpn);
  if (!user) throw userNotFound(idOrUpn);
  return user;
}

export async function getUser(store: Store, principal: Principal, idOrUpn: string, policies: PolicySource = store.policies): Promise<User> {
  // Decided before the lookup, so a caller that may not read users cannot probe which exist.
  await requireAccess(policies, principal, { kind: 'readUser', target: idOrUpn });
  return findUser(store.users, principal.tenantId, idOrUpn);
}
