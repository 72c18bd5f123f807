import type { GraphVersion } from '../graph/graph-client.js';
import type { ParameterDef } from '../powershell/parameter.js';
import { additionalProperties, bodyParameter, buildBody } from './body-parameters.js';
import { one, type Cmdlet } from './cmdlet.js';

/**
 * New-MgInvitation's expanded parameters (Microsoft.Graph.Identity.SignIns, CreateExpanded set),
 * each the invitation property of the same name (graph-spec §1.2).
 */
const invitationParams: ParameterDef[] = [
  { name: 'InvitedUserEmailAddress', type: 'string', description: 'the address to invite (required by Graph)' },
  { name: 'InviteRedirectUrl', type: 'string', description: 'where the guest lands after redeeming (required by Graph)' },
  { name: 'InvitedUserDisplayName', type: 'string', description: 'the guest\'s display name' },
  { name: 'SendInvitationMessage', type: 'switch', description: 'mail the invitation (-SendInvitationMessage or -SendInvitationMessage:$true)' },
  { name: 'InvitedUserMessageInfo', type: 'hashtable', description: 'the mail\'s message, language and cc: @{CustomizedMessageBody="…"; MessageLanguage="en-US"; CcRecipients=@(@{EmailAddress=@{Address="…"}})}' },
  { name: 'InvitedUserType', type: 'string', description: 'Guest (default) or Member' },
  { name: 'ResetRedemption', type: 'switch', description: 'reset an existing guest\'s redemption (with -InvitedUser @{Id="…"})' },
  { name: 'InvitedUser', type: 'hashtable', description: 'an existing user to invite or reset: @{Id="…"}' },
  { name: 'InvitedUserSponsors', type: 'hashtable[]', description: 'sponsors: @(@{Id="…"})' },
  { name: 'Id', type: 'string', description: 'read-only; accepted and ignored, as by Graph' },
  { name: 'InviteRedeemUrl', type: 'string', description: 'read-only; accepted and ignored, as by Graph' },
  { name: 'Status', type: 'string', description: 'read-only; accepted and ignored, as by Graph' },
];

function invitationCmdlet(name: string, version: GraphVersion): Cmdlet {
  return {
    name,
    version,
    synopsis: `invite a guest: POST /${version}/invitations`,
    params: [...invitationParams, additionalProperties, bodyParameter('invitation')],
    tableColumns: ['Id', 'InviteRedeemUrl', 'InviteRedirectUrl', 'InvitedUserDisplayName', 'InvitedUserEmailAddress', 'InvitedUserType', 'ResetRedemption', 'SendInvitationMessage', 'Status'],
    examples: [
      `portico ${name} -InvitedUserDisplayName "John Doe" -InvitedUserEmailAddress John@contoso.com -InviteRedirectUrl "https://myapplications.microsoft.com" '-SendInvitationMessage:$true'`,
      `portico ${name} -InvitedUserEmailAddress sam@fabrikam.com -InviteRedirectUrl https://myapps.microsoft.com -SendInvitationMessage -InvitedUserMessageInfo '@{CustomizedMessageBody="Hello Sam, let''s collaborate!"}'`,
      `portico ${name} -BodyParameter '{"invitedUserEmailAddress":"sam@fabrikam.com","inviteRedirectUrl":"https://myapps.microsoft.com"}' --format json`,
    ],
    async run(client, bound, { headers }) {
      const answer = await client.call('POST', '/invitations', { body: buildBody(bound, invitationParams), headers });
      return one(answer.json);
    },
  };
}

export const newMgInvitation = invitationCmdlet('New-MgInvitation', 'v1.0');
export const newMgBetaInvitation = invitationCmdlet('New-MgBetaInvitation', 'beta');
