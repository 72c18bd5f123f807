import type {
  AppRegistration, AppSecret, AuditRecord, Invitation, OutboxMessage, SigningKey, Tenant, TenantDomain,
  ClaimedMessage, OutboxEntry, OutboxState, TenantSettings,
  InvitationStatus, RedemptionCode, RedemptionSession, RoleAssignment,
} from './model.js';
import type {
  AppCertificate, AuthorizationCode, ConsentGrant, DeviceAuthorization, RefreshToken, SignInSession, SignInThrottle,
} from './model.js';
import type { AuthorizationPolicy } from './policies/authorization-policy.js';
import type { KeysetPosition, ResourceQuery } from './users/user-query.js';
import type { GuestInvitationRepo, NewGuestInvitation, UserRepo } from './user-ports.js';

/**
 * What the domain needs from storage. `storage/` implements these with Kysely; the domain never
 * sees SQL. Every method that touches tenant-owned data takes the tenant id first, so isolation is
 * part of every query's key rather than a check someone might forget.
 */

export interface TenantRepo {
  insert(tenant: Tenant): Promise<void>;
  findById(id: string): Promise<Tenant | undefined>;
  /** Resolves a tenant by GUID or by any of its domains (case-insensitive). */
  findByIdOrDomain(idOrDomain: string): Promise<Tenant | undefined>;
  list(): Promise<Tenant[]>;
  addDomain(tenantId: string, domain: TenantDomain): Promise<void>;
}

export interface AppRepo {
  insert(app: AppRegistration): Promise<void>;
  findByAppId(tenantId: string, appId: string): Promise<AppRegistration | undefined>;
  list(tenantId?: string): Promise<AppRegistration[]>;
  addSecret(tenantId: string, appId: string, secret: AppSecret): Promise<void>;
  secrets(tenantId: string, appId: string): Promise<AppSecret[]>;
  addCertificate(tenantId: string, appId: string, cert: AppCertificate): Promise<void>;
  certificates(tenantId: string, appId: string): Promise<AppCertificate[]>;
}

export type {
  GuestInvitationRepo, NewGuestInvitation, Settled, UserCollection, UserPage, UserPageRequest, UserQueryPage, UserRepo,
} from './user-ports.js';

export interface InvitationRepo {
  insert(invitation: Invitation): Promise<void>;
  findById(tenantId: string, id: string): Promise<Invitation | undefined>;
  /** The invitations of `ids` that exist, in no particular order. */
  findByIds(tenantId: string, ids: readonly string[]): Promise<Invitation[]>;
  /** Stores the hash of each invitation's mailed ticket, in one statement (ids distinct). */
  setMailTicketHashes(tenantId: string, hashes: readonly { id: string; hash: string }[]): Promise<void>;
  setStatus(tenantId: string, id: string, status: InvitationStatus): Promise<void>;
  /** The newest invitation of the user made with `resetRedemption` (it voids older tickets). */
  latestResetFor(tenantId: string, userId: string): Promise<{ id: string; createdDateTime: string } | undefined>;
}

export interface OutboxRepo {
  enqueue(message: OutboxMessage): Promise<void>;
  countFor(tenantId: string): Promise<number>;
  /**
   * Claims up to `limit` due rows (queued and due, or sending with an expired lease) for
   * `claimToken` until `leaseUntil`, counting an attempt each. Rows another process is claiming at
   * the same moment are skipped, never waited for or taken twice.
   */
  claim(now: string, leaseUntil: string, claimToken: string, limit: number): Promise<ClaimedMessage[]>;
  /** Records a claimed row's outcome; false when the claim was lost (its lease ran out and another took it). */
  settle(tenantId: string, id: string, claimToken: string, outcome: OutboxOutcome): Promise<boolean>;
  list(filter: { tenantId?: string; state?: OutboxState; limit: number }): Promise<OutboxEntry[]>;
}

export interface OutboxOutcome {
  state: 'sent' | 'failed' | 'queued';
  at: string;
  /** When a queued (retried) row falls due. */
  nextAttemptAt?: string;
  messageId: string;
  /** The server's last reply line, when it gave one. */
  reply: string | null;
  error: string | null;
}

/** A mail kept by the development mailbox. */
export interface StoredMail extends OutgoingMail {
  id: string;
  createdDateTime: string;
}

export interface DevMailboxRepo {
  insert(mail: StoredMail): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<StoredMail[]>;
  findById(id: string): Promise<StoredMail | undefined>;
}

export interface TenantSettingsRepo {
  /** The tenant's settings, or the defaults when none were set. */
  get(tenantId: string): Promise<TenantSettings>;
  set(settings: TenantSettings): Promise<void>;
}

export interface AuditRepo {
  append(record: AuditRecord): Promise<void>;
  list(tenantId: string): Promise<AuditRecord[]>;
  findById(tenantId: string, id: string): Promise<AuditRecord | undefined>;
  /** One keyset page of the records matching a validated query (`GET /auditLogs/directoryAudits`). */
  query(tenantId: string, query: ResourceQuery, page: { after: KeysetPosition | null; top: number }): Promise<AuditPage>;
}

export interface AuditPage {
  records: AuditRecord[];
  next: KeysetPosition | null;
}

export interface RedemptionRepo {
  insertSession(session: RedemptionSession): Promise<void>;
  findSession(tenantId: string, id: string): Promise<RedemptionSession | undefined>;
  /**
   * Spends the session's CSRF token: moves it from `expectedCsrfHash` to the next state and token in
   * one conditional update; false when another request spent it first (a replayed POST). The proof
   * is changed only when `next` names one.
   */
  advanceSession(
    tenantId: string, id: string, expectedCsrfHash: string,
    next: Pick<RedemptionSession, 'state' | 'csrfHash'> & { proof?: RedemptionSession['proof'] },
  ): Promise<boolean>;
  deleteSession(tenantId: string, id: string): Promise<void>;
  /** Removes sessions and codes of the tenant that expired before `before` (callers keep an hour's codes for the throttle). */
  pruneExpired(tenantId: string, before: string): Promise<void>;
  insertCode(code: RedemptionCode): Promise<void>;
  deleteCode(tenantId: string, id: string): Promise<void>;
  latestCode(tenantId: string, sessionId: string): Promise<RedemptionCode | undefined>;
  /** Send times of the invitation's codes made at or after `since`, newest first. */
  codesSentSince(tenantId: string, invitationId: string, since: string): Promise<string[]>;
  /** Takes one of the code's `max` tries atomically; false when none are left or it was used. */
  takeAttempt(tenantId: string, id: string, max: number): Promise<boolean>;
  markCodeUsed(tenantId: string, id: string): Promise<void>;
}

export interface SigningKeyRepo {
  insert(key: SigningKey): Promise<void>;
  list(): Promise<SigningKey[]>;
  retire(kid: string, at: string): Promise<void>;
  /** Removes keys retired before `before` (their tokens have expired). */
  prune(before: string): Promise<number>;
}

/** Instance-wide secrets shared by all processes (e.g. the key that signs `$skiptoken`s). */
export interface InstanceSecretRepo {
  getOrCreate(name: string, make: () => string): Promise<string>;
}

/** Directory roles: which are activated in a tenant, and who holds them (tenant-wide scope only). */
export interface RoleRepo {
  /** Marks the role activated in the tenant; false when it already was. */
  activate(tenantId: string, roleTemplateId: string, at: string): Promise<boolean>;
  activatedTemplateIds(tenantId: string): Promise<string[]>;
  /** Inserts unless the principal already holds the role (false then), never aborting the transaction. */
  assign(assignment: RoleAssignment): Promise<boolean>;
  unassign(tenantId: string, id: string): Promise<boolean>;
  /** Drops every role of a principal (the user is being deleted). */
  removeAllFor(tenantId: string, principalId: string): Promise<void>;
  findAssignment(tenantId: string, id: string): Promise<RoleAssignment | undefined>;
  /** Assignments in creation order, narrowed by principal and/or role when given. */
  assignments(tenantId: string, filter: { principalId?: string; roleTemplateId?: string }): Promise<RoleAssignment[]>;
  /** The role template ids a user holds: the `wids` of their tokens. */
  templateIdsOf(tenantId: string, userId: string): Promise<string[]>;
}

/** The tenant's authorizationPolicy; a tenant that never changed it reads Graph's defaults. */
export interface AuthorizationPolicyRepo {
  get(tenantId: string): Promise<AuthorizationPolicy>;
  put(policy: AuthorizationPolicy): Promise<void>;
}

/** Delegated sign-in state of the authority (identity issue): consent, codes, tokens, sessions. */
export interface ConsentRepo {
  /** Adds scopes to the grant of (client, principal), creating it when absent. */
  grant(grant: ConsentGrant): Promise<void>;
  /** The grants that apply to the person: their own and the tenant-wide one. */
  forUser(tenantId: string, clientId: string, userId: string): Promise<ConsentGrant[]>;
}

export type CodeTake =
  | { kind: 'taken'; code: AuthorizationCode }
  | { kind: 'reused'; familyId: string | null }
  | { kind: 'unknown' };

export interface AuthCodeRepo {
  insert(code: AuthorizationCode): Promise<void>;
  /**
   * Spends the code (single use) and records the refresh-token family its redemption starts; a
   * second redemption gets `reused` with that family, so its tokens can be revoked (RFC 6749 §4.1.2).
   * The spent row stays until it expires (the housekeeper removes it).
   */
  take(tenantId: string, codeHash: string, at: string, familyId: string): Promise<CodeTake>;
}

export interface RefreshTokenRepo {
  insert(token: RefreshToken): Promise<void>;
  find(tenantId: string, tokenHash: string): Promise<RefreshToken | undefined>;
  /** Marks the token rotated unless it already was; false when another use got there first. */
  markRotated(tenantId: string, tokenHash: string, at: string): Promise<boolean>;
  revokeFamily(tenantId: string, familyId: string, at: string): Promise<void>;
  revokeForUser(tenantId: string, userId: string, at: string): Promise<number>;
}

export interface SessionRepo {
  insert(session: SignInSession): Promise<void>;
  find(tenantId: string, idHash: string): Promise<SignInSession | undefined>;
  delete(tenantId: string, idHash: string): Promise<void>;
}

export interface DeviceCodeRepo {
  insert(device: DeviceAuthorization): Promise<void>;
  findByDeviceCode(tenantId: string, deviceCodeHash: string): Promise<DeviceAuthorization | undefined>;
  findByUserCode(userCode: string): Promise<DeviceAuthorization | undefined>;
  update(device: DeviceAuthorization): Promise<void>;
  delete(tenantId: string, deviceCodeHash: string): Promise<void>;
}

export interface ThrottleRepo {
  get(tenantId: string, key: string): Promise<SignInThrottle | undefined>;
  put(throttle: SignInThrottle): Promise<void>;
  clear(tenantId: string, key: string): Promise<void>;
}

/** `jti`s of client assertions already used, kept until the assertion expires (RFC 7523 §3). */
export interface AssertionReplayRepo {
  /** Records the jti; false when it was seen before. */
  remember(tenantId: string, clientId: string, jtiHash: string, expiresDateTime: string, now: string): Promise<boolean>;
}

export interface Repos {
  tenants: TenantRepo;
  apps: AppRepo;
  users: UserRepo;
  invitations: InvitationRepo;
  guestInvitations: GuestInvitationRepo;
  outbox: OutboxRepo;
  audit: AuditRepo;
  keys: SigningKeyRepo;
  instanceSecrets: InstanceSecretRepo;
  devMailbox: DevMailboxRepo;
  tenantSettings: TenantSettingsRepo;
  redemption: RedemptionRepo;
  roles: RoleRepo;
  policies: AuthorizationPolicyRepo;
  consents: ConsentRepo;
  authCodes: AuthCodeRepo;
  refreshTokens: RefreshTokenRepo;
  sessions: SessionRepo;
  deviceCodes: DeviceCodeRepo;
  throttles: ThrottleRepo;
  assertionReplays: AssertionReplayRepo;
  expired: ExpiredRowsRepo;
}

/** What the housekeeper removes: rows nothing can use any more. */
export interface ExpiryCutoffs {
  /** Codes, sessions, tokens and replay records that expired before this instant. */
  now: string;
  /** Sign-in failure counters whose window began before this instant and that lock nothing. */
  throttleWindowStart: string;
  /** Redemption sessions and passcodes that expired before this instant (kept a while for the resend throttle). */
  redemptionExpiry: string;
}

export interface ExpiredRowsRepo {
  /** Deletes at most `limit` expired rows of each kind; the number deleted per table. */
  purge(cutoffs: ExpiryCutoffs, limit: number): Promise<Record<string, number>>;
}

export interface Store extends Repos {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` atomically. Concurrent units may be committed together (group commit); one unit's
   * failure never undoes another's, though `work` may then run a second time (it must only read and
   * write through `repos`). When `work` fails on a uniqueness race with another process it is run
   * once more, so it can find what the other process wrote.
   */
  transact<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * `guestInvitations.insertIfNew` as a unit of its own. Concurrent ones are committed together
   * and written together (`insertManyIfNew`), which on PostgreSQL makes a batch one statement
   * instead of a round trip each.
   */
  insertGuestInvitation(w: NewGuestInvitation): Promise<boolean>;
  close(): Promise<void>;
}

/** Raised by a store when a unique key (e.g. one guest per address) is already taken. */
export class UniqueViolation extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint ${constraint} violated`);
    this.name = 'UniqueViolation';
  }
}

/** A mail rendered and ready to hand to a transport (invitation mail, passcode mail). */
export interface OutgoingMail {
  /** Stable across retries, so a receiver can tell a redelivery from a new message. */
  messageId: string;
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mail goes: SMTP (`--smtp`) or the development mailbox. */
export interface MailTransport {
  /** Resolves with the server's final reply; rejects with a `MailDeliveryError` (see outbox/). */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): Promise<void>;
}
