import { findRoleTemplate } from '../identity/directory-roles.js';
import { requireAccess, type Caller } from '../identity/require-access.js';
import type { RoleAssignment } from '../model.js';
import { audit, type RoleDeps } from './assign-directory-role.js';
import { resourceNotFound } from './role-errors.js';

/**
 * Takes a role assignment away (`DELETE /roleManagement/directory/roleAssignments/{id}` and
 * `DELETE /directoryRoles/{id}/members/{userId}/$ref`); 404 when there is no such assignment.
 */
export async function removeRoleAssignment(deps: RoleDeps, caller: Caller, tenantId: string, assignmentId: string): Promise<RoleAssignment> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  return deps.store.transact(async (repos) => {
    const found = await repos.roles.findAssignment(tenantId, assignmentId);
    if (!found || !(await repos.roles.unassign(tenantId, assignmentId))) throw resourceNotFound(assignmentId);
    const user = await repos.users.findById(tenantId, found.principalId);
    const role = findRoleTemplate(found.roleTemplateId);
    if (user && role) await audit(repos, caller, tenantId, 'Remove member from role', user, role, deps.clock.now().toISOString());
    return found;
  });
}
