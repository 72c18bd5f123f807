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
  issuerAssignedId: string;
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
  targetResources: { id: string; type: string; userPrincipalName?: string | null }[];
  result: 'success' | 'failure';
  resultReason: string;
  activityDateTime: string;
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
