import type { AuthorizationPolicyRepo } from '../../domain/ports.js';
import {
  defaultAuthorizationPolicy, type AllowInvitesFrom, type DefaultUserRolePermissions,
} from '../../domain/policies/authorization-policy.js';
import type { Db } from '../schema.js';

const bool = (n: number) => n !== 0;
const int = (b: boolean) => (b ? 1 : 0);

export function policyRepo(db: Db): AuthorizationPolicyRepo {
  return {
    async get(tenantId) {
      const r = await db.selectFrom('authorization_policies').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
      if (!r) return defaultAuthorizationPolicy(tenantId);
      return {
        tenantId,
        allowInvitesFrom: r.allow_invites_from as AllowInvitesFrom,
        guestUserRoleId: r.guest_user_role_id,
        allowedToSignUpEmailBasedSubscriptions: bool(r.allowed_to_sign_up_email_based_subscriptions),
        allowedToUseSSPR: bool(r.allowed_to_use_sspr),
        allowEmailVerifiedUsersToJoinOrganization: bool(r.allow_email_verified_users_to_join_organization),
        allowUserConsentForRiskyApps: bool(r.allow_user_consent_for_risky_apps),
        blockMsolPowerShell: r.block_msol_powershell === null ? null : bool(r.block_msol_powershell),
        defaultUserRolePermissions: JSON.parse(r.default_user_role_permissions) as DefaultUserRolePermissions,
      };
    },
    async put(p) {
      const row = {
        allow_invites_from: p.allowInvitesFrom,
        guest_user_role_id: p.guestUserRoleId,
        allowed_to_sign_up_email_based_subscriptions: int(p.allowedToSignUpEmailBasedSubscriptions),
        allowed_to_use_sspr: int(p.allowedToUseSSPR),
        allow_email_verified_users_to_join_organization: int(p.allowEmailVerifiedUsersToJoinOrganization),
        allow_user_consent_for_risky_apps: int(p.allowUserConsentForRiskyApps),
        block_msol_powershell: p.blockMsolPowerShell === null ? null : int(p.blockMsolPowerShell),
        default_user_role_permissions: JSON.stringify(p.defaultUserRolePermissions),
      };
      await db.insertInto('authorization_policies').values({ tenant_id: p.tenantId, ...row })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row)).execute();
    },
  };
}
