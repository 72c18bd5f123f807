import { DomainError } from '../errors.js';

/**
 * The numbers of the email one-time passcode (graph-spec §5.2: "valid 30 minutes", "OTP sessions
 * expire after 24 hours"); the tries and throttle limits are Portico's own (docs/compatibility.md).
 */
export const redemptionRules = {
  codeDigits: 8,
  codeLifetimeMs: 30 * 60_000,
  maxTriesPerCode: 5,
  /** One new code per 30 s and at most 5 an hour, per invitation (whatever the browser). */
  resendIntervalMs: 30_000,
  codesPerHour: 5,
  /** Expired codes are kept this long after expiry at least: the throttle counts the last hour's sends. */
  codeRetentionMs: 60 * 60_000,
  sessionLifetimeMs: 24 * 60 * 60_000,
} as const;

/**
 * Every refusal of the redemption pages. The web surface shows each as a friendly, localized page;
 * messages here are for logs and never reach the invitee verbatim.
 */
export const redemptionErrors = {
  /** Unknown invitation, wrong or tampered ticket, another tenant's ticket, a deleted user, a reset. */
  invalidLink: () => new DomainError('NotFound', 'Redemption_InvalidLink', 'The invitation link is not valid.'),
  sessionExpired: () => new DomainError('BadRequest', 'Redemption_SessionExpired', 'The redemption session is missing or has expired.'),
  /** A form whose single-use token is wrong or was already spent (a replayed POST). */
  formExpired: () => new DomainError('Forbidden', 'Redemption_FormExpired', 'The form has expired or was already submitted.'),
  /** Carries the transport's error as `cause`, for the server log only. */
  mailFailed: (cause: unknown) => Object.assign(new DomainError('ServiceUnavailable', 'Redemption_MailFailed', 'The code could not be mailed.'), { cause }),
  notVerified: () => new DomainError('Forbidden', 'Redemption_NotVerified', 'The email address has not been verified in this session.'),
  /** "Sign in with your … account" posted for an address no member of another tenant owns. */
  noHomeAccount: () => new DomainError('NotFound', 'Redemption_NoHomeAccount', 'The invited address has no home account on this server.'),
} as const;
