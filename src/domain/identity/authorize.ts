import { insufficientPrivileges } from '../errors.js';
import type { UserType } from '../model.js';
import type { AuthorizationPolicy } from '../policies/authorization-policy.js';
import { implicitRoleIds, roleIds as r } from './directory-roles.js';
import { permissionsOf, type Principal, type UserPrincipal } from './principal.js';

/**
 * THE authorization decision of Portico: every Graph operation asks this one function whether the
 * caller may do it. App-only callers are judged by their application permissions (`roles`);
 * delegated callers ("app + user") by the app's granted scopes (`scp`) AND what the person may do:
 * their directory roles (`wids`), their user type and the tenant's authorizationPolicy.
 * Sources: invitation-post.md (permissions, roles, reset), authorizationpolicy.md (allowInvitesFrom
 * values), users-default-permissions (guests' limited reads), the directoryRole and rbacApplication pages
 * and authorizationpolicy-update.md (who manages roles and the policy).
 */
export type Action =
  | { kind: 'invite'; userType: UserType }
  /** `targetRoleTemplateIds`: the roles the user being reset holds. */
  | { kind: 'resetRedemption'; targetRoleTemplateIds: readonly string[] }
  | { kind: 'listUsers' }
  /** `target`: the object id or UPN the caller asked for. */
  | { kind: 'readUser'; target: string }
  | { kind: 'createUser' }
  | { kind: 'updateUser' }
  | { kind: 'deleteUser' }
  | { kind: 'readOrganization' }
  | { kind: 'readRoles' }
  | { kind: 'manageRoles' }
  | { kind: 'readPolicy' }
  | { kind: 'updatePolicy' };

export type Decision = { allowed: true } | { allowed: false; reason: string };

const INVITE = ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
const USER_WRITE = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
const USER_READ = ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'];

/** The Graph permissions (app roles or delegated scopes) that allow each action. */
export const actionPermissions: Record<Action['kind'], readonly string[]> = {
  invite: INVITE,
  resetRedemption: USER_WRITE,
  listUsers: USER_READ,
  readUser: USER_READ,
  createUser: USER_WRITE,
  updateUser: USER_WRITE,
  deleteUser: USER_WRITE,
  // Apps: any directory permission; people: User.Read is the least privileged (organization-get.md).
  readOrganization: ['User.Read', ...USER_READ, 'User.Invite.All', 'Organization.Read.All'],
  readRoles: ROLE_READ,
  manageRoles: ['RoleManagement.ReadWrite.Directory'],
  readPolicy: ['Policy.Read.All', 'Policy.ReadWrite.Authorization'],
  updatePolicy: ['Policy.ReadWrite.Authorization'],
};

/** Roles that may invite under `adminsAndGuestInviters` (authorizationpolicy.md, allowInvitesFrom values). */
const INVITER_ROLES = [r.globalAdministrator, r.userAdministrator, r.guestInviter];
/** "You can invite as Member if you're a company administrator" (invitation-post.md). */
const MEMBER_INVITER_ROLES = [r.globalAdministrator, r.userAdministrator];
/** Reset redemption: Helpdesk or User Administrator (invitation-post.md; entra reset-redemption-status.md adds Global). */
const RESET_ROLES = [r.globalAdministrator, r.userAdministrator, r.helpdeskAdministrator];
const USER_WRITER_ROLES = [r.globalAdministrator, r.userAdministrator, r.directoryWriters];
const USER_DELETER_ROLES = [r.globalAdministrator, r.userAdministrator];
/** Roles whose actions include microsoft.directory/users/standard/read. */
const DIRECTORY_READER_ROLES = [
  r.globalAdministrator, r.userAdministrator, r.helpdeskAdministrator, r.guestInviter, r.directoryWriters,
  r.directoryReaders, r.globalReader, r.privilegedRoleAdministrator,
];
const ROLE_MANAGER_ROLES = [r.globalAdministrator, r.privilegedRoleAdministrator];
const POLICY_READER_ROLES = [r.globalAdministrator, r.privilegedRoleAdministrator, r.globalReader];

const deny = (reason: string): Decision => ({ allowed: false, reason });
const allow: Decision = { allowed: true };
const holdsAny = (p: UserPrincipal, roles: readonly string[]) => p.roleTemplateIds.some((w) => roles.includes(w.toLowerCase()));

export function decide(principal: Principal, action: Action, policy: AuthorizationPolicy): Decision {
  const granted = permissionsOf(principal);
  if (!actionPermissions[action.kind].some((p) => granted.includes(p))) {
    return deny(`the ${principal.kind === 'app' ? 'app holds no application permission' : 'token holds no scope'} for ${action.kind}`);
  }
  return principal.kind === 'app' ? decideForApp(action, policy) : decideForUser(principal, action, policy);
}

/** App-only: the permission suffices, except where invitations and roles say otherwise. */
function decideForApp(action: Action, policy: AuthorizationPolicy): Decision {
  switch (action.kind) {
    // App-only invitations do not work when B2B invitations are disabled (invitation-post.md); the
    // other restrictions of allowInvitesFrom concern people, not apps (docs-contrib PR #9556).
    case 'invite':
      return policy.allowInvitesFrom === 'none' ? deny('invitations are disabled in the tenant') : allow;
    case 'resetRedemption':
      if (policy.allowInvitesFrom === 'none') return deny('invitations are disabled in the tenant');
      // "Apps can't reset the redemption status of users who have directory roles assigned."
      return action.targetRoleTemplateIds.length > 0 ? deny('an app cannot reset a user who holds directory roles') : allow;
    default:
      return allow;
  }
}

function decideForUser(p: UserPrincipal, action: Action, policy: AuthorizationPolicy): Decision {
  switch (action.kind) {
    case 'invite': {
      const may = mayInvite(p, policy);
      if (!may.allowed) return may;
      if (action.userType === 'Member' && !holdsAny(p, MEMBER_INVITER_ROLES)) return deny('Member invitations need User Administrator or Global Administrator');
      return allow;
    }
    case 'resetRedemption':
      if (policy.allowInvitesFrom === 'none') return deny('invitations are disabled in the tenant');
      if (!holdsAny(p, RESET_ROLES)) return deny('reset needs Helpdesk Administrator, User Administrator or Global Administrator');
      // A Helpdesk Administrator acts on non-administrators only (permissions-reference.md).
      if (action.targetRoleTemplateIds.length > 0 && !holdsAny(p, [r.globalAdministrator, r.userAdministrator])) {
        return deny('a Helpdesk Administrator cannot reset a user who holds directory roles');
      }
      return allow;
    case 'listUsers':
      return mayReadOthers(p, policy, true);
    case 'readUser':
      return isSelf(p, action.target) ? allow : mayReadOthers(p, policy, false);
    case 'createUser':
    case 'updateUser':
      return holdsAny(p, USER_WRITER_ROLES) ? allow : deny('writing users needs User Administrator, Directory Writers or Global Administrator');
    case 'deleteUser':
      return holdsAny(p, USER_DELETER_ROLES) ? allow : deny('deleting users needs User Administrator or Global Administrator');
    case 'readOrganization':
      return allow;
    case 'readRoles':
      return p.userType === 'Member' || holdsAny(p, DIRECTORY_READER_ROLES) ? allow : deny('guests cannot read directory roles');
    case 'manageRoles':
      return holdsAny(p, ROLE_MANAGER_ROLES) ? allow : deny('managing roles needs Privileged Role Administrator or Global Administrator');
    case 'readPolicy':
      return holdsAny(p, POLICY_READER_ROLES) ? allow : deny('reading the policy needs Global Reader, Privileged Role Administrator or Global Administrator');
    case 'updatePolicy':
      return holdsAny(p, ROLE_MANAGER_ROLES) ? allow : deny('updating the policy needs Privileged Role Administrator or Global Administrator');
  }
}

const isSelf = (p: UserPrincipal, target: string) =>
  [p.userId.toLowerCase(), p.userPrincipalName.toLowerCase()].includes(target.toLowerCase());

/** Who may invite, by allowInvitesFrom (authorizationpolicy.md): none blocks admins too. */
function mayInvite(p: UserPrincipal, policy: AuthorizationPolicy): Decision {
  switch (policy.allowInvitesFrom) {
    case 'none': return deny('invitations are disabled in the tenant');
    case 'adminsAndGuestInviters': return holdsAny(p, INVITER_ROLES) ? allow : deny('only admins and Guest Inviters may invite');
    case 'adminsGuestInvitersAndAllMembers': return p.userType === 'Member' || holdsAny(p, INVITER_ROLES) ? allow : deny('guests may not invite');
    case 'everyone': return allow;
  }
}

/**
 * Reading other users: members unless the policy's allowedToReadOtherUsers is off; guests by their
 * guest role (guestUserRoleId): "User" reads like a member, "Guest User" (the default) may look a
 * user up but not enumerate, "Restricted Guest User" sees only itself. Reader roles always may.
 */
function mayReadOthers(p: UserPrincipal, policy: AuthorizationPolicy, enumerate: boolean): Decision {
  if (holdsAny(p, DIRECTORY_READER_ROLES)) return allow;
  if (p.userType === 'Member') {
    return policy.defaultUserRolePermissions.allowedToReadOtherUsers ? allow : deny('the policy stops members reading other users');
  }
  if (policy.guestUserRoleId === implicitRoleIds.user) return allow;
  if (policy.guestUserRoleId === implicitRoleIds.guestUser && !enumerate) return allow;
  return deny(enumerate ? 'guests cannot list users' : 'restricted guests see only themselves');
}

/** Throws Graph's 403 `Authorization_RequestDenied` unless the decision allows the action. */
export function authorize(principal: Principal, action: Action, policy: AuthorizationPolicy): void {
  if (!decide(principal, action, policy).allowed) throw insufficientPrivileges();
}
