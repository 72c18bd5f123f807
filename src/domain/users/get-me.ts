import { DomainError, insufficientPrivileges } from '../errors.js';
import type { Principal } from '../identity/principal.js';
import type { User } from '../model.js';
import type { Store, UserCollection } from '../ports.js';
import { userNotFound } from './user-errors.js';

/** Delegated scopes that let an app read the signed-in user's own profile (Graph's user-get, /me). */
const READ_ME = ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/**
 * `GET /me`: the signed-in person; app-only tokens have no "me" (Graph answers 400). `collections`:
 * those to read (UserRepo.findById), every one when absent.
 */
export async function getMe(store: Store, principal: Principal, collections?: readonly UserCollection[]): Promise<User> {
  if (principal.kind !== 'user') {
    throw new DomainError('BadRequest', 'BadRequest', '/me request is only valid with delegated authentication flow.');
  }
  if (!principal.scopes.some((s) => READ_ME.includes(s))) throw insufficientPrivileges();
  const user = await store.users.findById(principal.tenantId, principal.userId, collections);
  if (!user) throw userNotFound(principal.userId);
  return user;
}
