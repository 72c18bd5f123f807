import { badRequest } from '../errors.js';
import { isLanguageTag, matchLanguage, supportedLanguages } from '../i18n/languages.js';
import type { MessageInfo, UserType } from '../model.js';
import { parseEmailAddress, type ParsedAddress } from './email-address.js';

/** What a caller asks for, after the wire layer has checked JSON types. */
export interface InvitationInput {
  invitedUserEmailAddress: string;
  inviteRedirectUrl: string;
  invitedUserDisplayName?: string | null;
  invitedUserType?: string | null;
  sendInvitationMessage?: boolean | null;
  resetRedemption?: boolean | null;
  invitedUserMessageInfo?: {
    customizedMessageBody?: string | null;
    messageLanguage?: string | null;
    ccRecipients?: { emailAddress?: { address?: string | null; name?: string | null } | null }[] | null;
  } | null;
  invitedUserId?: string | null;
  invitedUserSponsorIds?: string[];
}

export interface ValidInvitation {
  address: ParsedAddress;
  email: string;
  redirectUrl: string;
  displayName: string | null;
  userType: UserType;
  sendMessage: boolean;
  resetRedemption: boolean;
  messageInfo: MessageInfo;
  invitedUserId: string | null;
  sponsorIds: string[];
}

export const MAX_CC_RECIPIENTS = 10;
export const MAX_MESSAGE_BODY = 10_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks what JSON Schema cannot: addresses, URLs, enum spellings, cross-field rules. */
export function validateInvitation(input: InvitationInput): ValidInvitation {
  const email = input.invitedUserEmailAddress.trim();
  const address = parseEmailAddress(email);
  if (typeof address === 'string') {
    throw badRequest(`The value '${email}' of property 'invitedUserEmailAddress' is not a valid email address: ${address}.`, 'invitedUserEmailAddress');
  }
  const redirectUrl = validateRedirectUrl(input.inviteRedirectUrl);
  const userType = parseUserType(input.invitedUserType);
  const resetRedemption = input.resetRedemption ?? false;
  const invitedUserId = input.invitedUserId ?? null;
  if (invitedUserId !== null && !GUID.test(invitedUserId)) {
    throw badRequest(`Invalid object identifier '${invitedUserId}' in property 'invitedUser'.`, 'invitedUser');
  }
  if (resetRedemption && invitedUserId === null) {
    throw badRequest("Property 'invitedUser' with the id of an existing user is required when 'resetRedemption' is true.", 'invitedUser');
  }
  const sponsorIds = input.invitedUserSponsorIds ?? [];
  for (const id of sponsorIds) {
    if (!GUID.test(id)) throw badRequest(`Invalid object identifier '${id}' in property 'invitedUserSponsors'.`, 'invitedUserSponsors');
  }
  return {
    address, email, redirectUrl, userType, resetRedemption, invitedUserId, sponsorIds: [...new Set(sponsorIds.map((s) => s.toLowerCase()))],
    displayName: input.invitedUserDisplayName?.trim() || null,
    sendMessage: input.sendInvitationMessage ?? false,
    messageInfo: validateMessageInfo(input.invitedUserMessageInfo ?? null),
  };
}

function validateRedirectUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badRequest(`The value of property 'inviteRedirectUrl' must be an absolute http or https URL.`, 'inviteRedirectUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badRequest(`The scheme '${url.protocol.replace(':', '')}' of property 'inviteRedirectUrl' is not allowed; use http or https.`, 'inviteRedirectUrl');
  }
  if (!url.hostname) throw badRequest("The value of property 'inviteRedirectUrl' has no host.", 'inviteRedirectUrl');
  if (url.username || url.password) throw badRequest("The value of property 'inviteRedirectUrl' may not contain credentials.", 'inviteRedirectUrl');
  return raw.trim();
}

function parseUserType(raw: string | null | undefined): UserType {
  if (raw === undefined || raw === null || raw === '') return 'Guest';
  if (raw.toLowerCase() === 'guest') return 'Guest';
  if (raw.toLowerCase() === 'member') return 'Member';
  throw badRequest(`The value '${raw}' of property 'invitedUserType' is not valid; use 'Guest' or 'Member'.`, 'invitedUserType');
}

function validateMessageInfo(info: InvitationInput['invitedUserMessageInfo']): MessageInfo {
  const body = info?.customizedMessageBody ?? null;
  if (body !== null && body.length > MAX_MESSAGE_BODY) {
    throw badRequest(`Property 'customizedMessageBody' exceeds the maximum length of ${MAX_MESSAGE_BODY}.`, 'customizedMessageBody');
  }
  const language = info?.messageLanguage ?? null;
  if (language !== null && !isLanguageTag(language)) {
    throw badRequest(`The value '${language}' of property 'messageLanguage' is not a valid language tag such as 'en-US'.`, 'messageLanguage');
  }
  // Refused now rather than silently mailed in English: the caller can still correct it.
  if (language !== null && !matchLanguage(language)) {
    throw badRequest(`The language '${language}' of property 'messageLanguage' is not supported; use one of ${supportedLanguages.join(', ')}.`, 'messageLanguage');
  }
  // Graph's own responses carry one cc element with null address when none was asked for; such
  // placeholder elements are accepted and dropped.
  const cc = (info?.ccRecipients ?? []).filter((r) => r?.emailAddress?.address);
  if (cc.length > MAX_CC_RECIPIENTS) {
    throw badRequest(`At most ${MAX_CC_RECIPIENTS} ccRecipients are supported.`, 'ccRecipients');
  }
  const ccRecipients = cc.map((r) => {
    const address = (r.emailAddress?.address ?? '').trim();
    const parsed = parseEmailAddress(address);
    if (typeof parsed === 'string') throw badRequest(`The cc recipient '${address}' is not a valid email address: ${parsed}.`, 'ccRecipients');
    return { address, name: r.emailAddress?.name ?? null };
  });
  return { customizedMessageBody: body, messageLanguage: language, ccRecipients };
}
