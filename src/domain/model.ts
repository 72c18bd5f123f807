/** Directory objects as the domain sees them: camelCase, no wire or column spellings. */

export interface TenantDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
  isVerified: boolean;
}

export interface Tenant {
  id: string;
  displayName: string;
  initialDomain: string;
  domains: TenantDomain[];
  createdDateTime: string;
}

export interface AppRegistration {
  tenantId: string;
  /** Object id of the application object. */
  id: string;
  /** Client id, the `appId` of Graph. */
  appId: string;
  /** Object id of the app's service principal: the `oid` of its app-only tokens. */
  servicePrincipalId: string;
  displayName: string;
  /** Application permissions (app roles of Microsoft Graph) granted to the app, by value. */
  permissions: string[];
  createdDateTime: string;
  /** Reply URLs for sign-in (exact match, as Entra's `web`/`publicClient` redirectUris). */
  redirectUris: string[];
  /** `isFallbackPublicClient`: the app may use public client flows (no secret; ROPC, device code). */
  isPublicClient: boolean;
  /** Delegated Graph permissions the app asks for (`requiredResourceAccess` of type Scope). */
  delegatedScopes: string[];
}

export interface AppSecret {
  keyId: string;
  hint: string;
  hash: string;
  createdDateTime: string;
  endDateTime: string | null;
}

export interface ObjectIdentity {
  signInType: string;
  issuer: string;
  /** Null where Entra shows none: the `federated` identity of a guest from another Entra tenant. */
  issuerAssignedId: string | null;
}

export type UserType = 'Member' | 'Guest';
export type ExternalUserState = 'PendingAcceptance' | 'Accepted';

/** The structural user properties Portico stores (graph-spec §2.1). */
export interface User {
  tenantId: string;
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  mailNickname: string | null;
  otherMails: string[];
  proxyAddresses: string[];
  identities: ObjectIdentity[];
  businessPhones: string[];
  imAddresses: string[];
  userType: UserType;
  creationType: string | null;
  externalUserState: ExternalUserState | null;
  externalUserStateChangeDateTime: string | null;
  accountEnabled: boolean;
  createdDateTime: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  companyName: string | null;
  mobilePhone: string | null;
  officeLocation: string | null;
  preferredLanguage: string | null;
  city: string | null;
  country: string | null;
  employeeId: string | null;
  usageLocation: string | null;
  /** Lower-cased invited address of a guest; unique per tenant (one guest per address). */
  invitedAddressKey: string | null;
  /** A memory-hard hash of the password for member users that sign in (identity issue). */
  passwordHash: string | null;
}

/** The user properties that POST/PATCH /users may set. */
export const writableUserProperties = [
  'accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'mail', 'otherMails',
  'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'mobilePhone', 'businessPhones',
  'officeLocation', 'preferredLanguage', 'city', 'country', 'employeeId', 'usageLocation',
  'imAddresses', 'userType',
] as const;
export type WritableUserProperty = (typeof writableUserProperties)[number];
export type UserPatch = Partial<Pick<User, WritableUserProperty>>;

export interface MessageInfo {
  customizedMessageBody: string | null;
  messageLanguage: string | null;
  ccRecipients: { address: string; name: string | null }[];
}

export type InvitationStatus = 'PendingAcceptance' | 'Completed' | 'InProgress' | 'Error';

export interface Invitation {
  tenantId: string;
  id: string;
  userId: string;
  invitedUserEmailAddress: string;
  invitedUserDisplayName: string | null;
  invitedUserType: UserType;
  inviteRedirectUrl: string;
  sendInvitationMessage: boolean;
  resetRedemption: boolean;
  messageInfo: MessageInfo;
  sponsorIds: string[];
  status: InvitationStatus;
  /** SHA-256 of the redemption ticket; the ticket itself is never stored. */
  ticketHash: string | null;
  /** SHA-256 of the ticket in the mailed link, minted when the mail is sent. */
  mailTicketHash: string | null;
  createdDateTime: string;
  invitedBy: Initiator;
}

export type Initiator =
  | { kind: 'app'; appId: string; servicePrincipalId: string; displayName: string }
  | { kind: 'user'; userId: string; userPrincipalName: string; displayName: string | null };

export interface AuditRecord {
  tenantId: string;
  id: string;
  activityDisplayName: string;
  category: string;
  loggedByService: string;
  initiatedBy: Initiator;
  targetResources: AuditTarget[];
  result: 'success' | 'failure';
  resultReason: string;
  activityDateTime: string;
  /** Ties records of one operation together (Graph's correlationId); the record's own id when absent. */
  correlationId?: string;
  /** Graph's operationType: `Add`, `Update`, `Delete`, `Assign`, `Unassign`, … */
  operationType?: string | null;
  additionalDetails?: { key: string; value: string | null }[];
}

export interface AuditTarget {
  id: string;
  type: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  /** What changed on the target (`UserState`: `PendingAcceptance` -> `Accepted`). */
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

export interface OutboxMessage {
  tenantId: string;
  id: string;
  kind: 'invitation-mail';
  payload: unknown;
  createdDateTime: string;
}

export interface SigningKey {
  kid: string;
  privateJwk: JsonWebKeyLike;
  publicJwk: JsonWebKeyLike;
  createdDateTime: string;
  /** After this instant the key no longer signs; it stays published until `publishedUntil`. */
  retiredDateTime: string | null;
}

export type JsonWebKeyLike = Record<string, unknown>;

/** Delivery state of an outbox message (issue 5): queued, sending (claimed), sent, failed. */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

/** An outbox row a dispatcher has claimed; `attempts` counts this attempt. */
export interface ClaimedMessage {
  tenantId: string;
  id: string;
  kind: OutboxMessage['kind'];
  payload: unknown;
  attempts: number;
  createdDateTime: string;
}

/** What `portico outbox list` shows of a message. */
export interface OutboxEntry {
  tenantId: string;
  id: string;
  kind: string;
  state: OutboxState;
  attempts: number;
  /** The invited address, for invitation mail. */
  recipient: string | null;
  messageId: string | null;
  lastReply: string | null;
  lastError: string | null;
  nextAttemptDateTime: string;
  createdDateTime: string;
  updatedDateTime: string | null;
}

/** Mail settings of a tenant (Entra keeps them on the organization: privacyProfile, preferredLanguage). */
export interface TenantSettings {
  tenantId: string;
  privacyStatementUrl: string | null;
  /** The tenant's notification language: the third step of the mail's language fallback. */
  preferredLanguage: string | null;
  /**
   * Entra drops the customized message when an app (or an inviter without a mail address) invites;
   * true keeps it.
   */
  keepAppInviteMessage: boolean;
}

export const defaultTenantSettings = (tenantId: string): TenantSettings =>
  ({ tenantId, privacyStatementUrl: null, preferredLanguage: null, keepAppInviteMessage: false });
/** Where a browser is in the redemption flow (graph-spec §5.2): landed, proved the address, done. */
export type RedemptionState = 'landed' | 'verified' | 'done';

/** How a session proved the invited address: a mailed passcode, or a sign-in with the invitee's home account. */
export type RedemptionProof = 'passcode' | 'homeAccount';

/** Server-side state of one browser on the `/redeem` pages; the cookie holds only an opaque token. */
export interface RedemptionSession {
  tenantId: string;
  /** SHA-256 of the cookie's token. */
  id: string;
  invitationId: string;
  state: RedemptionState;
  /** SHA-256 of the one CSRF token the latest page carried; each POST spends it. */
  csrfHash: string;
  /** How the address was last proven, written together with the state `verified` (or `done`); null until then. */
  proof: RedemptionProof | null;
  createdDateTime: string;
  expiresDateTime: string;
}

/** A mailed one-time passcode; only a hash keyed with the session token is kept. */
export interface RedemptionCode {
  tenantId: string;
  id: string;
  invitationId: string;
  sessionId: string;
  codeHash: string;
  attempts: number;
  used: boolean;
  createdDateTime: string;
  expiresDateTime: string;
}
/** A directory role held by a user, tenant-wide (unifiedRoleAssignment with directoryScopeId "/"). */
export interface RoleAssignment {
  tenantId: string;
  /** Entra's form: base64url of the role and principal GUIDs, then `-1` (see roles/assignment-id.ts). */
  id: string;
  roleTemplateId: string;
  principalId: string;
  directoryScopeId: string;
  createdDateTime: string;
}

/** An app's certificate credential (`keyCredentials`): only the public key is kept. */
export interface AppCertificate {
  keyId: string;
  /** base64url SHA-1 of the DER certificate (`x5t`). */
  thumbprintSha1: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  thumbprintSha256: string;
  publicKeyPem: string;
  createdDateTime: string;
  endDateTime: string;
}

/** An oauth2PermissionGrant: delegated scopes consented for one person, or for all (`AllPrincipals`). */
export interface ConsentGrant {
  tenantId: string;
  clientId: string;
  /** null for admin consent on behalf of the whole tenant. */
  principalId: string | null;
  scopes: string[];
  createdDateTime: string;
}

/** An authorization code (RFC 6749 §4.1), kept hashed, single-use, bound to client, redirect URI and PKCE. */
export interface AuthorizationCode {
  tenantId: string;
  codeHash: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  authTime: string;
  expiresDateTime: string;
}

/** A refresh token, kept hashed; each use rotates it within its family (RFC 9700 §4.14.2). */
export interface RefreshToken {
  tenantId: string;
  tokenHash: string;
  familyId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: string;
  createdDateTime: string;
  expiresDateTime: string;
  rotatedDateTime: string | null;
  revokedDateTime: string | null;
}

/** A browser's signed-in session at the authority; the cookie holds the id, the store its hash. */
export interface SignInSession {
  tenantId: string;
  idHash: string;
  userId: string;
  authTime: string;
  expiresDateTime: string;
}

export type DeviceCodeState = 'pending' | 'approved' | 'denied';

/** A device authorization (RFC 8628): the device code hashed, the short user code in clear. */
export interface DeviceAuthorization {
  tenantId: string;
  deviceCodeHash: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  state: DeviceCodeState;
  userId: string | null;
  authTime: string | null;
  intervalSeconds: number;
  lastPollDateTime: string | null;
  expiresDateTime: string;
}

/** Failed sign-ins counted per account or per source address, for throttling and lockout. */
export interface SignInThrottle {
  tenantId: string;
  key: string;
  failures: number;
  windowStartDateTime: string;
  lockedUntilDateTime: string | null;
}
