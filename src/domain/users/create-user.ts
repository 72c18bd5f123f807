import type { Clock } from '../clock.js';
import { badRequest } from '../errors.js';
import { hashPassword, meetsComplexity } from '../identity/password-hash.js';
import type { Principal } from '../identity/principal.js';
import { requireAccess } from '../identity/require-access.js';
import type { PolicySource } from '../policies/policy-cache.js';
import type { Tenant, User, UserPatch } from '../model.js';
import { UniqueViolation, type Store } from '../ports.js';
import { newId } from '../random.js';
import { duplicateValue } from './user-errors.js';
import { checkMailNickname, checkMemberUpn } from './user-rules.js';

export interface CreateUserInput extends UserPatch {
  accountEnabled: boolean;
  displayName: string;
  mailNickname: string;
  userPrincipalName: string;
  passwordProfile: { password: string; forceChangePasswordNextSignIn?: boolean | null };
}

/** POST /users: a member account of the tenant (Graph's user-post-users). */
export async function createUser(
  store: Store, clock: Clock, principal: Principal, tenant: Tenant, input: CreateUserInput, policies: PolicySource = store.policies,
): Promise<User> {
  await requireAccess(policies, principal, { kind: 'createUser' });
  return createMemberUser(store, clock, tenant, input);
}

/**
 * Makes a member who can sign in with a password (stored only as a memory-hard hash). The caller
 * has been authorized already: Graph's POST /users above, or `portico user create` (an admin).
 */
export async function createMemberUser(store: Store, clock: Clock, tenant: Tenant, input: CreateUserInput): Promise<User> {
  checkMemberUpn(tenant, input.userPrincipalName);
  checkMailNickname(input.mailNickname);
  if (!input.displayName.trim()) throw badRequest("Property 'displayName' may not be empty.", 'displayName');
  if (!meetsComplexity(input.passwordProfile.password)) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.', 'passwordProfile');
  }
  const now = clock.now().toISOString();
  const { passwordProfile, ...props } = input;
  const user: User = {
    tenantId: tenant.id, id: newId(), userType: 'Member', creationType: null, externalUserState: null,
    externalUserStateChangeDateTime: null, createdDateTime: now, invitedAddressKey: null,
    mail: null, otherMails: [], proxyAddresses: [], businessPhones: [], imAddresses: [],
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null,
    officeLocation: null, preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null,
    ...props,
    identities: [{ signInType: 'userPrincipalName', issuer: input.userPrincipalName.split('@')[1], issuerAssignedId: input.userPrincipalName }],
    passwordHash: await hashPassword(passwordProfile.password),
  };
  if (user.mail) user.proxyAddresses = [`SMTP:${user.mail}`];
  try {
    await store.transact((r) => r.users.insert(user));
  } catch (err) {
    if (err instanceof UniqueViolation) throw duplicateValue('userPrincipalName');
    throw err;
  }
  return user;
}
