import type { TrustEnvironment } from './protocol.js';
/**
 * What kiota-sdk.test.ts hands clients/kiota-sdk-client.ts (JSON in PORTICO_CONFORMANCE, see
 * protocol.ts) and what that client prints back as one JSON line. Models the Kiota SDK returns are
 * copied into plain objects here, property by property, so the test sees what the SDK parsed.
 */
import type { Invitee } from './protocol.js';

/** Exit codes of the Kiota client process. */
export const KIOTA_EXIT = { ok: 0, crashed: 1, tokenFailed: 2 } as const;

/** The `$select` of the user reads, in the order the client passes it (and Kiota sends it). */
export const USER_SELECT = ['id', 'displayName', 'userPrincipalName', 'userType', 'mail', 'externalUserState', 'externalUserStateChangeDateTime'];

export interface KiotaClientParams {
  /** `https://localhost:PORT`: the public URL Portico was started with. */
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  messageBody: string;
  cc: { address: string; name: string };
  /** Invited through `client.invitations.post`; the first one carries the message body and the cc recipient. */
  invitees: Invitee[];
  invalidEmail: string;
}

/** An `Invitation` model as the SDK deserialized it. */
export interface KiotaInvitation {
  id: string | null;
  invitedUserEmailAddress: string | null;
  invitedUserDisplayName: string | null;
  invitedUserType: string | null;
  inviteRedirectUrl: string | null;
  inviteRedeemUrl: string | null;
  sendInvitationMessage: boolean | null;
  resetRedemption: boolean | null;
  status: string | null;
  invitedUser: { id: string | null; userPrincipalName: string | null } | null;
  invitedUserMessageInfo: {
    customizedMessageBody: string | null;
    ccRecipients: { name: string | null; address: string | null }[];
  } | null;
  /** Properties the model does not know (e.g. `@odata.context`), kept by Kiota in `additionalData`. */
  additionalData: Record<string, unknown>;
}

/** A `User` model, with only the properties the test selects. */
export interface KiotaUser {
  id: string | null;
  displayName: string | null;
  userPrincipalName: string | null;
  userType: string | null;
  mail: string | null;
  externalUserState: string | null;
  /** ISO 8601: Kiota parses the property into a Date. */
  externalUserStateChangeDateTime: string | null;
  additionalData: Record<string, unknown>;
}

/** What the SDK threw: an `ODataError` when Kiota could read Graph's error envelope. */
export interface KiotaError {
  name: string;
  isODataError: boolean;
  statusCode: number | null;
  message: string;
  /** `errorEscaped` of the ODataError, i.e. the envelope's `error` object. */
  code: string | null;
  errorMessage: string | null;
  target: string | null;
  requestId: string | null;
  clientRequestId: string | null;
  /** `innerError.date`, parsed by Kiota; null when absent or unparseable. */
  date: string | null;
}

/** One request the SDK sent through the global `fetch`, as seen on the wire. */
export interface KiotaExchange {
  method: string;
  url: string;
  status: number;
  bearer: boolean;
  consistencyLevel: string | null;
  requestContentType: string | null;
  requestBody: string | null;
  responseContentType: string | null;
}

export interface KiotaClientResult {
  env: TrustEnvironment;
  tlsPeer?: { authorized: boolean; fingerprint256: string; protocol: string | null };
  /** Set when the first call failed before reaching Graph (no token): exit code 2. */
  tokenFailure?: {
    name: string;
    message: string;
    causeCode: string | null;
    /** The error code of a plain node:https request to the same server, e.g. a TLS verification failure. */
    directCauseCode: string | null;
  };
  /** Claims of the bearer token @azure/identity got from Portico (decoded, not verified). */
  tokenClaims?: Record<string, unknown>;
  kiota?: {
    invitations: KiotaInvitation[];
    guestById: KiotaUser;
    pending: { odataCount: number | null; odataNextLink: string | null; value: KiotaUser[]; additionalData: Record<string, unknown> };
    /** What `client.users.count.get()` resolved to, and its JavaScript type. */
    count: { value: unknown; type: string };
    invalidEmail: KiotaError;
    unknownUser: KiotaError;
  };
  exchanges: KiotaExchange[];
}
