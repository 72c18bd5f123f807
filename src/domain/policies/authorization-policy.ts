import { badRequest } from '../errors.js';
import { implicitRoleIds } from '../identity/directory-roles.js';

/**
 * The tenant's authorizationPolicy (Graph's singleton "authorizationPolicy" resource). Only
 * `allowInvitesFrom`, `guestUserRoleId` and `defaultUserRolePermissions.allowedToReadOtherUsers`
 * steer Portico's decisions; the other documented properties are stored and returned as set.
 */
export const allowInvitesFromValues = ['none', 'adminsAndGuestInviters', 'adminsGuestInvitersAndAllMembers', 'everyone'] as const;
export type AllowInvitesFrom = (typeof allowInvitesFromValues)[number];

export interface DefaultUserRolePermissions {
  allowedToCreateApps: boolean;
  allowedToCreateSecurityGroups: boolean;
  allowedToCreateTenants: boolean;
  allowedToReadBitlockerKeysForOwnedDevice: boolean;
  allowedToReadOtherUsers: boolean;
  permissionGrantPoliciesAssigned: string[];
}

export interface AuthorizationPolicy {
  tenantId: string;
  allowInvitesFrom: AllowInvitesFrom;
  guestUserRoleId: string;
  allowedToSignUpEmailBasedSubscriptions: boolean;
  allowedToUseSSPR: boolean;
  allowEmailVerifiedUsersToJoinOrganization: boolean;
  allowUserConsentForRiskyApps: boolean;
  blockMsolPowerShell: boolean | null;
  defaultUserRolePermissions: DefaultUserRolePermissions;
}

/** A PATCH as sent: `allowInvitesFrom` is checked against the enumeration when applied. */
export type AuthorizationPolicyPatch = Partial<Omit<AuthorizationPolicy, 'tenantId' | 'defaultUserRolePermissions' | 'allowInvitesFrom'>> & {
  allowInvitesFrom?: string;
  defaultUserRolePermissions?: Partial<DefaultUserRolePermissions>;
};

/** The values of a tenant that never changed its policy: Graph's documented defaults (authorizationpolicy-get.md). */
export function defaultAuthorizationPolicy(tenantId: string): AuthorizationPolicy {
  return {
    tenantId,
    allowInvitesFrom: 'everyone',
    guestUserRoleId: implicitRoleIds.guestUser,
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: true,
    allowUserConsentForRiskyApps: false,
    blockMsolPowerShell: null,
    defaultUserRolePermissions: {
      allowedToCreateApps: true,
      allowedToCreateSecurityGroups: true,
      allowedToCreateTenants: true,
      allowedToReadBitlockerKeysForOwnedDevice: true,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'],
    },
  };
}

const guestRoles: readonly string[] = [implicitRoleIds.user, implicitRoleIds.guestUser, implicitRoleIds.restrictedGuestUser];

/** Normalizes an `allowInvitesFrom` value (any case); a value outside the enumeration is Graph's 400. */
export function parseAllowInvitesFrom(value: string): AllowInvitesFrom {
  const found = allowInvitesFromValues.find((v) => v.toLowerCase() === value.trim().toLowerCase());
  if (!found) {
    throw badRequest(`Invalid value '${value}' for property 'allowInvitesFrom'; use one of ${allowInvitesFromValues.join(', ')}.`, 'allowInvitesFrom');
  }
  return found;
}

/** Applies a PATCH: only the properties given change (authorizationpolicy-update.md). */
export function applyPolicyPatch(current: AuthorizationPolicy, patch: AuthorizationPolicyPatch): AuthorizationPolicy {
  const next: AuthorizationPolicy = { ...current, defaultUserRolePermissions: { ...current.defaultUserRolePermissions } };
  if (patch.allowInvitesFrom !== undefined) next.allowInvitesFrom = parseAllowInvitesFrom(patch.allowInvitesFrom);
  if (patch.guestUserRoleId !== undefined) {
    const id = patch.guestUserRoleId.trim().toLowerCase();
    if (!guestRoles.includes(id)) {
      throw badRequest(`Invalid value '${patch.guestUserRoleId}' for property 'guestUserRoleId'; supported roles are User (${implicitRoleIds.user}), Guest User (${implicitRoleIds.guestUser}) and Restricted Guest User (${implicitRoleIds.restrictedGuestUser}).`, 'guestUserRoleId');
    }
    next.guestUserRoleId = id;
  }
  for (const key of ['allowedToSignUpEmailBasedSubscriptions', 'allowedToUseSSPR', 'allowEmailVerifiedUsersToJoinOrganization', 'allowUserConsentForRiskyApps'] as const) {
    if (patch[key] !== undefined) next[key] = patch[key];
  }
  if (patch.blockMsolPowerShell !== undefined) next.blockMsolPowerShell = patch.blockMsolPowerShell;
  if (patch.defaultUserRolePermissions) {
    for (const [k, v] of Object.entries(patch.defaultUserRolePermissions)) {
      if (v !== undefined) (next.defaultUserRolePermissions as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return next;
}
