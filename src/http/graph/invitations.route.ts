import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { inviteUser, type InviteResult } from '../../domain/invitations/invite-user.js';
import { principalOf, tenantOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { InvitationBody } from './schemas/invitation.schema.js';
import type { ApiVersion } from './user-json.js';

/** The invitation resource as Graph returns it from POST (graph-spec §1.4). */
function invitationJson(r: InviteResult, version: ApiVersion, publicUrl: string): Record<string, unknown> {
  const i = r.invitation;
  const cc = i.messageInfo.ccRecipients.length > 0
    ? i.messageInfo.ccRecipients.map((c) => ({ emailAddress: { name: c.name, address: c.address } }))
    // Graph's sample answers carry one empty cc element when none was given; clients may rely on it.
    : [{ emailAddress: { name: null, address: null } }];
  return {
    '@odata.context': `${publicUrl}/${version}/$metadata#invitations/$entity`,
    id: i.id,
    inviteRedeemUrl: r.inviteRedeemUrl,
    invitedUserDisplayName: i.invitedUserDisplayName,
    invitedUserType: i.invitedUserType,
    invitedUserEmailAddress: i.invitedUserEmailAddress,
    sendInvitationMessage: i.sendInvitationMessage,
    resetRedemption: i.resetRedemption,
    inviteRedirectUrl: i.inviteRedirectUrl,
    status: i.status,
    invitedUserMessageInfo: {
      messageLanguage: i.messageInfo.messageLanguage,
      customizedMessageBody: i.messageInfo.customizedMessageBody,
      ccRecipients: cc,
    },
    invitedUser: { id: r.user.id, userPrincipalName: r.user.userPrincipalName },
    invitedUserSponsors: i.sponsorIds.map((id) => ({ id })),
  };
}

export function invitationRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  graphRoute(app, '/invitations', {
    POST: {
      schema: { body: InvitationBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const tenant = await tenantOf(services, principal);
        const body = request.body as InvitationBody;
        const result = await inviteUser(
          { store: services.store, clock: services.clock, publicUrl: services.config.publicUrl, mailQueued: services.dispatcher.nudge,
            policies: services.policies },
          principal, tenant,
          {
            ...body,
            invitedUserId: body.invitedUser?.id ?? null,
            invitedUserSponsorIds: (body.invitedUserSponsors ?? []).map((s) => s.id),
          },
        );
        return sendGraphJson(reply, 201, invitationJson(result, version, services.config.publicUrl));
      },
    },
  });
}
