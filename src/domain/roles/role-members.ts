import { requireAccess, type Caller } from '../identity/require-access.js';
import type { Tenant } from '../model.js';
import { assignDirectoryRole, type AssignResult, type RoleDeps } from './assign-directory-role.js';
import { resolveDirectoryRole } from './read-directory-roles.js';
import { removeRoleAssignment } from './remove-directory-role.js';
import { referenceExists, resourceNotFound } from './role-errors.js';
import { GUID, roleAssignmentId } from './role-ids.js';

/**
 * POST /directoryRoles/{id}/members/$ref. Decided before the role is looked up, so a caller that
 * may not manage roles learns nothing. The `roleTemplateId=` key form activates the role first.
 */
export async function addDirectoryRoleMember(deps: RoleDeps, caller: Caller, tenant: Tenant, roleKey: string, userId: string): Promise<AssignResult> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  const role = await resolveDirectoryRole(deps.store, tenant.id, roleKey, true);
  if (!GUID.test(userId)) throw resourceNotFound(userId);
  const result = await assignDirectoryRole(deps, caller, tenant, { role: role.template.templateId, user: userId });
  if (!result.created) throw referenceExists();
  return result;
}

/** DELETE /directoryRoles/{id}/members/{userId}/$ref. */
export async function removeDirectoryRoleMember(deps: RoleDeps, caller: Caller, tenantId: string, roleKey: string, userId: string): Promise<void> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  const role = await resolveDirectoryRole(deps.store, tenantId, roleKey);
  if (!GUID.test(userId)) throw resourceNotFound(userId);
  await removeRoleAssignment(deps, caller, tenantId, roleAssignmentId(role.template.templateId, userId.toLowerCase()));
}
