import type { DirectoryRoleTemplate } from '../../domain/identity/directory-roles.js';
import type { RoleAssignment, User } from '../../domain/model.js';
import type { ActiveRole } from '../../domain/roles/read-directory-roles.js';
import { defaultUserSelect, userJson, type ApiVersion } from './user-json.js';

/** microsoft.graph.directoryRole (directoryrole-get.md). */
export const directoryRoleJson = (r: ActiveRole) => ({
  id: r.id, deletedDateTime: null, description: r.template.description, displayName: r.template.displayName, roleTemplateId: r.template.templateId,
});

/** microsoft.graph.unifiedRoleDefinition for a built-in role: its id is its template id. */
export const roleDefinitionJson = (t: DirectoryRoleTemplate) => ({
  id: t.templateId, description: t.description, displayName: t.displayName, isBuiltIn: true, isEnabled: true,
  resourceScopes: ['/'], templateId: t.templateId, version: '1',
  rolePermissions: [{ allowedResourceActions: [...t.actions], condition: null }],
});

/** microsoft.graph.unifiedRoleAssignment as the list example of rbacapplication-list-roleassignments.md shows it. */
export const roleAssignmentJson = (a: RoleAssignment) => ({
  id: a.id, principalId: a.principalId, resourceScope: a.directoryScopeId, directoryScopeId: a.directoryScopeId, roleDefinitionId: a.roleTemplateId,
});

/** A member in a directoryObject collection: typed, with the version's default user properties. */
export const directoryObjectJson = (u: User, version: ApiVersion) => ({ '@odata.type': '#microsoft.graph.user', ...userJson(u, defaultUserSelect(version)) });
