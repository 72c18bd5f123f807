/**
 * A customer's program managing roles and the invitation policy with the real, unmodified
 * `@azure/msal-node` and `@microsoft/microsoft-graph-client`, as Graph's docs show the calls, over
 * HTTPS to Portico. Run by test/conformance/roles-graph-client.test.ts; prints one JSON line.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import { readClientParams } from './protocol.js';
import type { RolesParams, RolesResult, SdkError } from './roles-protocol.js';

const GUEST_INVITER = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

const p = readClientParams<RolesParams>();
const url = new URL(p.origin);

async function failure(call: () => Promise<unknown>): Promise<SdkError | null> {
  try {
    await call();
    return null;
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return { statusCode: err.statusCode, code: err.code ?? '', message: err.message };
  }
}

const cca = new ConfidentialClientApplication({ auth: { clientId: p.clientId, clientSecret: p.clientSecret, authority: `${p.origin}/${p.tenantId}`, knownAuthorities: [url.host] } });
const token = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
if (!token) throw new Error('no token');
const client = Client.initWithMiddleware({ baseUrl: `${p.origin}/`, customHosts: new Set([url.hostname]), authProvider: { getAccessToken: async () => token.accessToken } });

const invited = await client.api('/invitations').post({ invitedUserEmailAddress: p.invitee, inviteRedirectUrl: 'https://app.example' }) as { invitedUser: { id: string } };
const userId = invited.invitedUser.id;
const before = await client.api('/directoryRoles').get() as { value: { roleTemplateId: string }[] };
await client.api(`/directoryRoles/roleTemplateId=${GUEST_INVITER}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId}` });
const members = await client.api(`/directoryRoles/roleTemplateId=${GUEST_INVITER}/members`).get() as { value: { id: string }[] };
const filtered = await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${userId}'`).get() as { value: RolesResult['filteredAssignments'] };
const assignment = { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', roleDefinitionId: USER_ADMINISTRATOR, principalId: userId, directoryScopeId: '/' };
const created = await client.api('/roleManagement/directory/roleAssignments').post(assignment) as RolesResult['created'];
const duplicate = await failure(() => client.api('/roleManagement/directory/roleAssignments').post(assignment));
await client.api(`/roleManagement/directory/roleAssignments/${encodeURIComponent(created.id)}`).delete();
const after = await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${userId}'`).get() as { value: { roleDefinitionId: string }[] };

await client.api('/policies/authorizationPolicy').patch({ allowInvitesFrom: 'none' });
const policy = await client.api('/policies/authorizationPolicy').get() as RolesResult['policy'];
const refused = await failure(() => client.api('/invitations').post({ invitedUserEmailAddress: p.refusedInvitee, inviteRedirectUrl: 'https://app.example' }));
await client.api('/policies/authorizationPolicy').patch({ allowInvitesFrom: 'everyone' });

const result: RolesResult = {
  roleTemplateIdsBefore: before.value.map((r) => r.roleTemplateId),
  memberIds: members.value.map((m) => m.id),
  filteredAssignments: filtered.value.map(({ principalId, roleDefinitionId }) => ({ principalId, roleDefinitionId })),
  created: { id: created.id, roleDefinitionId: created.roleDefinitionId, principalId: created.principalId, directoryScopeId: created.directoryScopeId },
  duplicate,
  afterDelete: after.value.map((a) => a.roleDefinitionId),
  policy: { id: policy.id, allowInvitesFrom: policy.allowInvitesFrom },
  refused,
  userId,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
