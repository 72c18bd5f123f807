/** Parameters and result of clients/roles-sdk-client.ts (roles and the policy through the real Graph SDK). */
export interface RolesParams {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  invitee: string;
  refusedInvitee: string;
}

export interface SdkError { statusCode: number; code: string; message: string }

export interface RolesResult {
  roleTemplateIdsBefore: string[];
  memberIds: string[];
  filteredAssignments: { principalId: string; roleDefinitionId: string }[];
  created: { id: string; roleDefinitionId: string; principalId: string; directoryScopeId: string };
  duplicate: SdkError | null;
  afterDelete: string[];
  policy: { id: string; allowInvitesFrom: string };
  refused: SdkError | null;
  userId: string;
}
