import type { Initiator, UserType } from '../model.js';
import { insufficientPrivileges } from '../errors.js';
import { operationPermissions, type Operation } from './permissions.js';

/** Who is calling, as established from a verified access token. */
export interface AppPrincipal {
  kind: 'app';
  tenantId: string;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  roles: string[];
}

/**
 * A person signed in to an app (delegated, "app + user"): the token's `scp` holds the delegated
 * scopes granted to the app for this person, `wids` their directory role template ids.
 */
export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  appId: string;
  servicePrincipalId: string;
  appDisplayName: string;
  userId: string;
  userPrincipalName: string;
  displayName: string | null;
  userType: UserType;
  /** Granted delegated scopes (`scp`), e.g. `User.Invite.All`. */
  scopes: string[];
  /** Directory role template ids (`wids`). */
  roleTemplateIds: string[];
}

export type Principal = AppPrincipal | UserPrincipal;

/** The Graph permissions the caller holds: app roles for apps, granted scopes for people. */
export function permissionsOf(principal: Principal): readonly string[] {
  return principal.kind === 'app' ? principal.roles : principal.scopes;
}

/** @deprecated Permission only, without roles or policy: decide with authorize.ts / requireAccess instead. */
export function can(principal: Principal, op: Operation): boolean {
  const allowed: readonly string[] = operationPermissions[op];
  return permissionsOf(principal).some((r) => allowed.includes(r));
}

/**
 * Throws Graph's 403 unless the principal holds one of the permissions the operation needs.
 * @deprecated Permission only, without roles or policy: use requireAccess (require-access.ts).
 */
export function requirePermission(principal: Principal, op: Operation): void {
  if (!can(principal, op)) throw insufficientPrivileges();
}

export function initiatorOf(p: Principal): Initiator {
  if (p.kind === 'user') return { kind: 'user', userId: p.userId, userPrincipalName: p.userPrincipalName, displayName: p.displayName };
  return { kind: 'app', appId: p.appId, servicePrincipalId: p.servicePrincipalId, displayName: p.displayName };
}
