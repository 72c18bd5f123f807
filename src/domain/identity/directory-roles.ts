/**
 * The built-in Microsoft Entra directory roles Portico knows, with Graph's immutable template ids
 * and descriptions (entra-docs permissions-reference.md, "All roles"). A role's template id is also
 * the id of its unifiedRoleDefinition and the value tokens carry in `wids`.
 */
export const roleIds = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  guestInviter: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
  directoryWriters: '9360feb5-f418-4baa-8175-e2a00bac4301',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
} as const;

export interface DirectoryRoleTemplate {
  templateId: string;
  displayName: string;
  description: string;
  /** The role's resource actions that Portico's decisions use (a subset of Entra's list). */
  actions: readonly string[];
}

const read = ['microsoft.directory/users/standard/read', 'microsoft.directory/directoryRoles/standard/read'];

export const roleTemplates: readonly DirectoryRoleTemplate[] = [
  { templateId: roleIds.globalAdministrator, displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    actions: ['microsoft.directory/allEntities/allProperties/allTasks'] },
  { templateId: roleIds.userAdministrator, displayName: 'User Administrator', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
    actions: [...read, 'microsoft.directory/users/inviteGuest', 'microsoft.directory/users/create', 'microsoft.directory/users/basic/update', 'microsoft.directory/users/delete', 'microsoft.directory/users/sponsors/update'] },
  { templateId: roleIds.helpdeskAdministrator, displayName: 'Helpdesk Administrator', description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
    actions: [...read, 'microsoft.directory/users/invalidateAllRefreshTokens', 'microsoft.directory/users/password/update'] },
  { templateId: roleIds.guestInviter, displayName: 'Guest Inviter', description: "Can invite guest users independent of the 'members can invite guests' setting.",
    actions: [...read, 'microsoft.directory/users/inviteGuest'] },
  { templateId: roleIds.directoryWriters, displayName: 'Directory Writers', description: 'Can read and write basic directory information. For granting access to applications, not intended for users.',
    actions: [...read, 'microsoft.directory/users/inviteGuest', 'microsoft.directory/users/create', 'microsoft.directory/users/basic/update', 'microsoft.directory/users/sponsors/update'] },
  { templateId: roleIds.directoryReaders, displayName: 'Directory Readers', description: 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
    actions: read },
  { templateId: roleIds.globalReader, displayName: 'Global Reader', description: 'Can read everything that a Global Administrator can, but not update anything.',
    actions: [...read, 'microsoft.directory/authorizationPolicy/standard/read'] },
  { templateId: roleIds.privilegedRoleAdministrator, displayName: 'Privileged Role Administrator', description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
    actions: [...read, 'microsoft.directory/roleAssignments/allProperties/allTasks', 'microsoft.directory/authorizationPolicy/allProperties/allTasks'] },
];

const byId = new Map(roleTemplates.map((r) => [r.templateId, r]));
const byName = new Map(roleTemplates.map((r) => [r.displayName.toLowerCase(), r]));

/** A role by template id (any case) or display name (any case); undefined when Portico lacks it. */
export function findRoleTemplate(idOrName: string): DirectoryRoleTemplate | undefined {
  const key = idOrName.trim().toLowerCase();
  return byId.get(key) ?? byName.get(key);
}

/**
 * Graph's implicit roles of every user (graph-spec; authorizationPolicy.guestUserRoleId): members
 * hold "User", guests one of the guest roles the tenant's policy names.
 */
export const implicitRoleIds = {
  user: 'a0b1b346-4d3e-4e8b-98f8-753987be4970',
  guestUser: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
  restrictedGuestUser: '2af84b1e-32c8-42b7-82bc-daa82404023b',
} as const;
