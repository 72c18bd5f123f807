import { Type, type Static } from 'typebox';
import { Nullable, odataAnnotations } from './nullable.js';

/** POST /directoryRoles: "roleTemplateId … is the only property that may be specified" (directoryrole-post-directoryroles.md). */
export const ActivateRoleBody = Type.Object({
  roleTemplateId: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false, title: 'microsoft.graph.directoryRole', ...odataAnnotations });
export type ActivateRoleBody = Static<typeof ActivateRoleBody>;

/** POST …/members/$ref: `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`. */
export const ReferenceBody = Type.Object({
  '@odata.id': Type.String({ minLength: 1, maxLength: 2048 }),
}, { additionalProperties: false, title: 'microsoft.graph.referenceCreate' });
export type ReferenceBody = Static<typeof ReferenceBody>;

/** POST /roleManagement/directory/roleAssignments (rbacapplication-post-roleassignments.md). */
export const RoleAssignmentBody = Type.Object({
  roleDefinitionId: Type.String({ minLength: 1, maxLength: 64 }),
  principalId: Type.String({ minLength: 1, maxLength: 64 }),
  directoryScopeId: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
  appScopeId: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
  condition: Type.Optional(Nullable(Type.String({ maxLength: 4096 }))),
}, { additionalProperties: false, title: 'microsoft.graph.unifiedRoleAssignment', ...odataAnnotations });
export type RoleAssignmentBody = Static<typeof RoleAssignmentBody>;
