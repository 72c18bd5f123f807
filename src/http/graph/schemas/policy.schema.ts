import { Type, type Static } from 'typebox';
import { Nullable, odataAnnotations } from './nullable.js';

const DefaultUserRolePermissions = Type.Object({
  allowedToCreateApps: Type.Optional(Type.Boolean()),
  allowedToCreateSecurityGroups: Type.Optional(Type.Boolean()),
  allowedToCreateTenants: Type.Optional(Type.Boolean()),
  allowedToReadBitlockerKeysForOwnedDevice: Type.Optional(Type.Boolean()),
  allowedToReadOtherUsers: Type.Optional(Type.Boolean()),
  permissionGrantPoliciesAssigned: Type.Optional(Type.Array(Type.String({ maxLength: 256 }), { maxItems: 50 })),
}, { additionalProperties: false, title: 'microsoft.graph.defaultUserRolePermissions', ...odataAnnotations });

/** PATCH /policies/authorizationPolicy: the writable properties of authorizationpolicy-update.md. */
export const AuthorizationPolicyPatchBody = Type.Object({
  allowInvitesFrom: Type.Optional(Type.String({ maxLength: 64 })),
  guestUserRoleId: Type.Optional(Type.String({ maxLength: 64 })),
  allowedToSignUpEmailBasedSubscriptions: Type.Optional(Type.Boolean()),
  allowedToUseSSPR: Type.Optional(Type.Boolean()),
  allowEmailVerifiedUsersToJoinOrganization: Type.Optional(Type.Boolean()),
  allowUserConsentForRiskyApps: Type.Optional(Type.Boolean()),
  blockMsolPowerShell: Type.Optional(Nullable(Type.Boolean())),
  defaultUserRolePermissions: Type.Optional(DefaultUserRolePermissions),
  // Echoed read-only values are accepted and ignored: the policy's names are fixed.
  id: Type.Optional(Type.String({ maxLength: 64 })),
  displayName: Type.Optional(Type.String({ maxLength: 256 })),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
}, { additionalProperties: false, title: 'microsoft.graph.authorizationPolicy', ...odataAnnotations });
export type AuthorizationPolicyPatchBody = Static<typeof AuthorizationPolicyPatchBody>;
