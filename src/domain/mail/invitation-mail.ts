import type { Invitation, Tenant, TenantSettings, User } from '../model.js';
import { resolveLanguage, type SupportedLanguage } from '../i18n/languages.js';

/**
 * What the invitation mail says, before any template turns it into text (graph-spec §5.1; Entra's
 * invitation-email-elements): who invites, from which organization and domain, the customized
 * message, the redemption link and where it leads, the privacy statement.
 */
export interface InvitationMailView {
  language: SupportedLanguage;
  /** Named in the subject: the inviting user, or the organization when an app invites. */
  inviterName: string;
  inviterEmail: string | null;
  invitedByApp: boolean;
  organizationName: string;
  organizationDomain: string;
  recipientName: string | null;
  recipientAddress: string;
  /** The customized message as plain text, or null when none was given or the privacy rule dropped it. */
  message: string | null;
  redeemUrl: string;
  redirectUrl: string;
  privacyStatementUrl: string | null;
}

export interface InvitationMailEnvelope {
  to: string[];
  cc: string[];
  replyTo?: string;
}

export interface InvitationMailFacts {
  invitation: Invitation;
  guest: User;
  tenant: Tenant;
  settings: TenantSettings;
  /** The inviting user's mail address, when a user invited and has one. */
  inviterMail: string | null;
  redeemUrl: string;
}

export function invitationMailView(f: InvitationMailFacts): InvitationMailView {
  const by = f.invitation.invitedBy;
  const domain = f.tenant.domains.find((d) => d.isDefault) ?? f.tenant.domains.find((d) => d.isInitial);
  // Entra drops the customized message when an app invites or the inviter has no mail address,
  // so that nobody can send arbitrary text under the organization's name (troubleshoot.md).
  const anonymous = by.kind === 'app' || f.inviterMail === null;
  const message = f.invitation.messageInfo.customizedMessageBody?.trim() || null;
  return {
    language: resolveLanguage(f.invitation.messageInfo.messageLanguage, f.guest.preferredLanguage, f.settings.preferredLanguage),
    inviterName: by.kind === 'app' ? f.tenant.displayName : (by.displayName ?? by.userPrincipalName),
    inviterEmail: by.kind === 'user' ? f.inviterMail : null,
    invitedByApp: by.kind === 'app',
    organizationName: f.tenant.displayName,
    organizationDomain: domain?.name ?? f.tenant.initialDomain,
    recipientName: f.invitation.invitedUserDisplayName,
    recipientAddress: f.invitation.invitedUserEmailAddress,
    message: anonymous && !f.settings.keepAppInviteMessage ? null : message,
    redeemUrl: f.redeemUrl,
    redirectUrl: f.invitation.inviteRedirectUrl,
    privacyStatementUrl: f.settings.privacyStatementUrl,
  };
}

/** To the invitee, a copy to every cc recipient, replies to the inviting user (graph-spec §5.1). */
export function invitationMailEnvelope(f: InvitationMailFacts): InvitationMailEnvelope {
  const cc = f.invitation.messageInfo.ccRecipients.map((c) => c.address);
  return {
    to: [f.invitation.invitedUserEmailAddress],
    cc: [...new Set(cc)],
    ...(f.inviterMail && f.invitation.invitedBy.kind === 'user' ? { replyTo: f.inviterMail } : {}),
  };
}
