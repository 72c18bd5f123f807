import type { Clock } from '../clock.js';
import type { Tenant, User } from '../model.js';
import type { Store } from '../ports.js';
import { oauthErrors } from './oauth-error.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { clearFailures, isLocked, recordFailure, throttleKey } from './sign-in-throttle.js';

let decoyHash: Promise<string> | undefined;

/**
 * Checks a member's password (the sign-in page and ROPC share this). Unknown accounts cost a hash
 * too, so timing does not reveal which UPNs exist; failures count towards lockout per account and
 * per source address (AADSTS50053), and the lock is checked before the password.
 */
export async function verifySignIn(
  store: Store, clock: Clock, tenant: Tenant, upn: string, password: string, sourceAddress: string,
): Promise<User> {
  const addressKey = throttleKey('address', sourceAddress);
  if (await isLocked(store, clock, tenant.id, addressKey)) throw oauthErrors.accountLocked();
  const user = upn ? await store.users.findByUpn(tenant.id, upn.trim()) : undefined;
  const accountKey = user ? throttleKey('account', user.id) : undefined;
  if (accountKey && (await isLocked(store, clock, tenant.id, accountKey))) throw oauthErrors.accountLocked();

  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  const ok = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await decoyHash), false);
  if (!ok || !user) {
    await recordFailure(store, clock, tenant.id, 'address', addressKey);
    if (accountKey) await recordFailure(store, clock, tenant.id, 'account', accountKey);
    throw oauthErrors.invalidCredentials();
  }
  if (!user.accountEnabled) throw oauthErrors.accountDisabled();
  if (accountKey) await clearFailures(store, tenant.id, accountKey);
  return user;
}
