import { badRequest } from '../errors.js';
import { requireAccess, type Caller } from '../identity/require-access.js';
import type { Tenant } from '../model.js';
import { assignDirectoryRole, type AssignResult, type RoleDeps } from './assign-directory-role.js';
import { conflictingObject, resourceNotFound } from './role-errors.js';
import { GUID } from './role-ids.js';

export interface RoleAssignmentInput {
  roleDefinitionId: string;
  principalId: string;
  directoryScopeId?: string | null;
  appScopeId?: string | null;
}

/**
 * POST /roleManagement/directory/roleAssignments: a built-in role for a user of the tenant at the
 * tenant scope `/`. Administrative-unit and app scopes do not exist in Portico (400).
 */
export async function createRoleAssignment(deps: RoleDeps, caller: Caller, tenant: Tenant, input: RoleAssignmentInput): Promise<AssignResult> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  if (input.appScopeId !== undefined && input.appScopeId !== null) {
    throw badRequest("App-specific scopes ('appScopeId') are not supported for directory roles on this server; use directoryScopeId '/'.", 'appScopeId');
  }
  if (input.directoryScopeId === undefined || input.directoryScopeId === null) {
    throw badRequest("Either 'directoryScopeId' or 'appScopeId' is required.", 'directoryScopeId');
  }
  if (input.directoryScopeId !== '/') {
    throw badRequest(`Invalid value '${input.directoryScopeId}' for property 'directoryScopeId': only the tenant-wide scope '/' is supported.`, 'directoryScopeId');
  }
  if (!GUID.test(input.roleDefinitionId)) throw badRequest(`Invalid value '${input.roleDefinitionId}' for property 'roleDefinitionId'.`, 'roleDefinitionId');
  if (!GUID.test(input.principalId)) throw resourceNotFound(input.principalId);
  const result = await assignDirectoryRole(deps, caller, tenant, { role: input.roleDefinitionId, user: input.principalId });
  if (!result.created) throw conflictingObject();
  return result;
}
