import { findRoleTemplate, roleIds } from '../identity/directory-roles.js';
import { requireAccess, type Caller } from '../identity/require-access.js';
import type { RoleDeps } from './assign-directory-role.js';
import type { ActiveRole } from './read-directory-roles.js';
import { conflictingObject, unknownRole } from './role-errors.js';
import { directoryRoleObjectId, GUID } from './role-ids.js';

/** POST /directoryRoles {roleTemplateId}: activates a built-in role in the tenant (directoryrole-post-directoryroles.md). */
export async function activateDirectoryRole(deps: RoleDeps, caller: Caller, tenantId: string, roleTemplateId: string): Promise<ActiveRole> {
  await requireAccess(deps.policies, caller, { kind: 'manageRoles' });
  const template = GUID.test(roleTemplateId) ? findRoleTemplate(roleTemplateId) : undefined;
  if (!template) throw unknownRole(roleTemplateId, 'roleTemplateId');
  if (template.templateId === roleIds.globalAdministrator) throw conflictingObject();
  const activated = await deps.store.transact((r) => r.roles.activate(tenantId, template.templateId, deps.clock.now().toISOString()));
  if (!activated) throw conflictingObject();
  return { id: directoryRoleObjectId(tenantId, template.templateId), template };
}
