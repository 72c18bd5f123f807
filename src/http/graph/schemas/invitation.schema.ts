import { Type, type Static } from 'typebox';
import { MAX_CC_RECIPIENTS, MAX_MESSAGE_BODY } from '../../../domain/invitations/invitation-input.js';
import { Nullable, odataAnnotations } from './nullable.js';

/** The writable shape of `microsoft.graph.invitation` (graph-spec §1.2, §1.3), in Graph's spelling. */
const EmailAddress = Type.Object({
  address: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  name: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
}, { additionalProperties: false, title: 'microsoft.graph.emailAddress', ...odataAnnotations });

const Recipient = Type.Object({
  emailAddress: Type.Optional(Nullable(EmailAddress)),
}, { additionalProperties: false, title: 'microsoft.graph.recipient', ...odataAnnotations });

const MessageInfo = Type.Object({
  ccRecipients: Type.Optional(Nullable(Type.Array(Recipient, { maxItems: MAX_CC_RECIPIENTS + 1 }))),
  customizedMessageBody: Type.Optional(Nullable(Type.String({ maxLength: MAX_MESSAGE_BODY }))),
  messageLanguage: Type.Optional(Nullable(Type.String({ maxLength: 35 }))),
}, { additionalProperties: false, title: 'microsoft.graph.invitedUserMessageInfo', ...odataAnnotations });

const ObjectRef = (title: string) => Type.Object({
  id: Type.String({ maxLength: 64 }),
}, { additionalProperties: true, title });

export const InvitationBody = Type.Object({
  invitedUserEmailAddress: Type.String({ minLength: 1, maxLength: 254 }),
  inviteRedirectUrl: Type.String({ minLength: 1, maxLength: 2048 }),
  invitedUserDisplayName: Type.Optional(Nullable(Type.String({ maxLength: 256 }))),
  invitedUserType: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
  sendInvitationMessage: Type.Optional(Nullable(Type.Boolean())),
  resetRedemption: Type.Optional(Nullable(Type.Boolean())),
  invitedUserMessageInfo: Type.Optional(Nullable(MessageInfo)),
  invitedUser: Type.Optional(Nullable(ObjectRef('microsoft.graph.user'))),
  invitedUserSponsors: Type.Optional(Nullable(Type.Array(ObjectRef('microsoft.graph.directoryObject'), { maxItems: 50 }))),
  // Read-only properties a client may echo back from an earlier response; Graph ignores them.
  id: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  status: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  inviteRedeemUrl: Type.Optional(Nullable(Type.String({ maxLength: 4096 }))),
}, { additionalProperties: false, title: 'microsoft.graph.invitation', ...odataAnnotations });

export type InvitationBody = Static<typeof InvitationBody>;
