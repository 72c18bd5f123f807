import type { Literal } from '../powershell/literal-parser.js';

/**
 * Graph property names the cmdlets send. The PowerShell SDK turns a hashtable into its typed model
 * case-insensitively (`@{CustomizedMessageBody=…}` is sent as `customizedMessageBody`), so keys
 * are matched against these names ignoring case; any other key gets a lower-case first letter,
 * which is how every Graph property is spelled. `@odata.*` annotations pass unchanged.
 */
const KNOWN = [
  // invitation, invitedUserMessageInfo, recipient, emailAddress, directoryObject
  'id', 'invitedUserDisplayName', 'invitedUserEmailAddress', 'invitedUserMessageInfo', 'invitedUserType', 'inviteRedeemUrl',
  'inviteRedirectUrl', 'resetRedemption', 'sendInvitationMessage', 'status', 'invitedUser', 'invitedUserSponsors',
  'ccRecipients', 'customizedMessageBody', 'messageLanguage', 'emailAddress', 'address', 'name',
  // user and passwordProfile
  'accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'mail', 'otherMails', 'givenName', 'surname',
  'jobTitle', 'department', 'companyName', 'mobilePhone', 'businessPhones', 'officeLocation', 'preferredLanguage', 'city',
  'country', 'employeeId', 'usageLocation', 'imAddresses', 'userType', 'passwordProfile', 'password',
  'forceChangePasswordNextSignIn', 'forceChangePasswordNextSignInWithMfa', 'identities', 'signInType', 'issuer', 'issuerAssignedId',
];
const byLower = new Map(KNOWN.map((n) => [n.toLowerCase(), n]));

export function graphName(key: string): string {
  if (key.startsWith('@')) return key;
  return byLower.get(key.toLowerCase()) ?? key.charAt(0).toLowerCase() + key.slice(1);
}

/** Renames every key of a literal, at every depth. */
export function toGraphNames(value: Literal): Literal {
  if (Array.isArray(value)) return value.map(toGraphNames);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [graphName(k), toGraphNames(v)]));
}
