import type { Initiator, UserType } from '../model.js';

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

export function initiatorOf(p: Principal): Initiator {
  if (p.kind === 'user') return { kind: 'user', userId: p.userId, userPrincipalName: p.userPrincipalName, displayName: p.displayName };
  return { kind: 'app', appId: p.appId, servicePrincipalId: p.servicePrincipalId, displayName: p.displayName };
}
