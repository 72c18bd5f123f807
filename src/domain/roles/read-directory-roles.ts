import { findRoleTemplate, roleIds, roleTemplates, type DirectoryRoleTemplate } from '../identity/directory-roles.js';
import { requireAccess, type Caller } from '../identity/require-access.js';
import type { RoleAssignment, User } from '../model.js';
import type { Store } from '../ports.js';
import type { PolicySource } from '../policies/policy-cache.js';
import { resourceNotFound } from './role-errors.js';
import { directoryRoleObjectId, GUID } from './role-ids.js';

export interface ReadDeps {
  store: Store;
  policies: PolicySource;
}

/** An activated directoryRole of a tenant. */
export interface ActiveRole {
  id: string;
  template: DirectoryRoleTemplate;
}

/** Global Administrator ("Company Administrator") is activated in every tenant (directoryrole-post-directoryroles.md). */
async function activeTemplateIds(store: Store, tenantId: string): Promise<Set<string>> {
  return new Set([roleIds.globalAdministrator, ...(await store.roles.activatedTemplateIds(tenantId))]);
}

/** GET /directoryRoles: the roles activated in the tenant, in catalog order. */
export async function listDirectoryRoles(deps: ReadDeps, caller: Caller, tenantId: string): Promise<ActiveRole[]> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  const active = await activeTemplateIds(deps.store, tenantId);
  return roleTemplates.filter((t) => active.has(t.templateId)).map((template) => ({ id: directoryRoleObjectId(tenantId, template.templateId), template }));
}

/**
 * Resolves `{id}` of `/directoryRoles/{id}`: the role's object id, or the key form
 * `roleTemplateId={templateId}` (directoryrole-post-members.md). Only activated roles exist as
 * objects, except that the template form may name a role not yet activated when `activating`.
 */
export async function resolveDirectoryRole(store: Store, tenantId: string, key: string, activating = false): Promise<ActiveRole> {
  const byTemplate = /^roleTemplateId=(.+)$/i.exec(key);
  const templateId = byTemplate?.[1].replace(/^'(.*)'$/, '$1');
  let template: DirectoryRoleTemplate | undefined;
  if (templateId !== undefined) template = GUID.test(templateId) ? findRoleTemplate(templateId) : undefined;
  else if (GUID.test(key)) template = roleTemplates.find((t) => directoryRoleObjectId(tenantId, t.templateId) === key.toLowerCase());
  if (!template) throw resourceNotFound(key);
  const active = await activeTemplateIds(store, tenantId);
  if (!active.has(template.templateId) && !(activating && byTemplate)) throw resourceNotFound(key);
  return { id: directoryRoleObjectId(tenantId, template.templateId), template };
}

export async function getDirectoryRole(deps: ReadDeps, caller: Caller, tenantId: string, key: string): Promise<ActiveRole> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  return resolveDirectoryRole(deps.store, tenantId, key);
}

/** GET /directoryRoles/{id}/members: the users holding the role. */
export async function listRoleMembers(deps: ReadDeps, caller: Caller, tenantId: string, key: string): Promise<User[]> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  const role = await resolveDirectoryRole(deps.store, tenantId, key);
  const assignments = await deps.store.roles.assignments(tenantId, { roleTemplateId: role.template.templateId });
  const users = await Promise.all(assignments.map((a) => deps.store.users.findById(tenantId, a.principalId)));
  return users.filter((u): u is User => u !== undefined);
}

/** GET /roleManagement/directory/roleAssignments, optionally narrowed (`$filter`). */
export async function listRoleAssignments(
  deps: ReadDeps, caller: Caller, tenantId: string, filter: { principalId?: string; roleTemplateId?: string },
): Promise<RoleAssignment[]> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  return deps.store.roles.assignments(tenantId, {
    principalId: filter.principalId?.toLowerCase(), roleTemplateId: filter.roleTemplateId?.toLowerCase(),
  });
}

export async function getRoleAssignment(deps: ReadDeps, caller: Caller, tenantId: string, id: string): Promise<RoleAssignment> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  const found = await deps.store.roles.findAssignment(tenantId, id);
  if (!found) throw resourceNotFound(id);
  return found;
}

/** GET /roleManagement/directory/roleDefinitions[/{id}]: the built-in roles Portico implements. */
export async function listRoleDefinitions(deps: ReadDeps, caller: Caller): Promise<readonly DirectoryRoleTemplate[]> {
  await requireAccess(deps.policies, caller, { kind: 'readRoles' });
  return roleTemplates;
}
