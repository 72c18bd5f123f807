import { findRoleTemplate } from '../../domain/identity/directory-roles.js';
import type { RoleAssignment, User } from '../../domain/model.js';

/** One role assignment as the CLI prints it with `--json`. */
export function roleAssignmentJson(a: RoleAssignment, user: User | undefined) {
  return {
    id: a.id, tenantId: a.tenantId, principalId: a.principalId, userPrincipalName: user?.userPrincipalName ?? null,
    roleDefinitionId: a.roleTemplateId, role: findRoleTemplate(a.roleTemplateId)?.displayName ?? a.roleTemplateId,
    directoryScopeId: a.directoryScopeId, createdDateTime: a.createdDateTime,
  };
}
