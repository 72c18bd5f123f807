import type { Clock } from '../clock.js';
import { findRoleTemplate, type DirectoryRoleTemplate } from '../identity/directory-roles.js';
import { requireAccess, type Caller } from '../identity/require-access.js';
import { initiatorOf } from '../identity/principal.js';
import type { RoleAssignment, Tenant, User } from '../model.js';
import type { Repos, Store } from '../ports.js';
import type { PolicySource } from '../policies/policy-cache.js';
import { newId } from '../random.js';
import { findUser } from '../users/get-user.js';
import { unknownRole } from './role-errors.js';
import { roleAssignmentId } from './role-ids.js';

export interface RoleDeps {
  store: Store;
  clock: Clock;
  policies: PolicySource;
}

export interface AssignResult {
  assignment: RoleAssignment;
  user: User;
  role: DirectoryRoleTemplate;
  /** False when the user already held the role (nothing changed). */
  created: boolean;
}

/**
 * Gives a user a directory role, tenant-wide: the one way roles are assigned, used by
 * `POST /directoryRoles/{id}/members/$ref`, `POST /roleManagement/directory/roleAssignments` and
 * `portico user role add`. The role is activated in the tenant on its first assignment, as the
 * Entra admin center does (directoryrole-list.md); the change is audited like Entra's
 * "Add member to role".
 */
export async function assignDirectoryRole(
  deps: RoleDeps, caller: Caller, tenant: Tenant, input: { role: string; user: string },
): Promise<AssignResult> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  const role = findRoleTemplate(input.role);
  if (!role) throw unknownRole(input.role, 'roleDefinitionId');
  return deps.store.transact(async (repos) => {
    const user = await findUser(repos.users, tenant.id, input.user);
    const now = deps.clock.now().toISOString();
    await repos.roles.activate(tenant.id, role.templateId, now);
    const assignment: RoleAssignment = {
      tenantId: tenant.id, id: roleAssignmentId(role.templateId, user.id), roleTemplateId: role.templateId,
      principalId: user.id, directoryScopeId: '/', createdDateTime: now,
    };
    const created = await repos.roles.assign(assignment);
    if (created) await audit(repos, caller, tenant.id, 'Add member to role', user, role, now);
    const stored = created ? assignment : (await repos.roles.findAssignment(tenant.id, assignment.id)) ?? assignment;
    return { assignment: stored, user, role, created };
  });
}

/** Entra's Core Directory audit record for role membership changes (category RoleManagement). */
export async function audit(repos: Repos, caller: Caller, tenantId: string, activity: string, user: User, role: DirectoryRoleTemplate, now: string): Promise<void> {
  if (caller === 'cli') return;
  await repos.audit.append({
    tenantId, id: newId(), activityDisplayName: activity, category: 'RoleManagement', loggedByService: 'Core Directory',
    initiatedBy: initiatorOf(caller),
    targetResources: [{ id: user.id, type: 'User', userPrincipalName: user.userPrincipalName }, { id: role.templateId, type: 'Role' }],
    result: 'success', resultReason: '', activityDateTime: now,
  });
}
