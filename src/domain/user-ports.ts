import type { AuditRecord, Invitation, OutboxMessage, User } from './model.js';
import type { KeysetPosition, UserQuery } from './users/user-query.js';

/** The store's ports for the user directory: pages and queries of users, and a new guest's invitation write. */
export interface UserPage {
  users: User[];
  /** Id of the last user of the page when more follow (keyset paging). */
  lastId: string | null;
}

/** The multi-valued parts of a user, each kept in rows of its own. */
export type UserCollection = 'otherMails' | 'proxyAddresses' | 'businessPhones' | 'imAddresses' | 'identities';

export interface UserPageRequest {
  after: KeysetPosition | null;
  top: number;
  /**
   * The collections to read; every one when absent. The others come back empty, so only a caller
   * that shows nothing else (GET /users with a `$select`) narrows it: each collection costs a query.
   */
  collections?: readonly UserCollection[];
  /**
   * The scalar fields to read; every one when absent. The others are not read from the store and
   * are left undefined, so only a caller that shows nothing else (GET /users with a `$select`)
   * narrows it: a row of every column costs the store several times a row of a few.
   */
  fields?: readonly (keyof User)[];
}

export interface UserQueryPage {
  users: User[];
  next: KeysetPosition | null;
}

export interface UserRepo {
  insert(user: User): Promise<void>;
  /**
   * Inserts unless a unique key (UPN, invited address) is taken; false when it is. Unlike a failed
   * insert this never aborts the surrounding transaction, and it waits for a concurrent writer of the
   * same key to finish, so the caller can then read what that writer made.
   */
  insertIfAbsent(user: User): Promise<boolean>;
  update(user: User): Promise<void>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /**
   * A user by id (any case). `collections`, as in UserPageRequest: the collections to read, every
   * one when absent; only a caller that shows nothing else (GET /users/{id} with `$select`) narrows it.
   */
  findById(tenantId: string, id: string, collections?: readonly UserCollection[]): Promise<User | undefined>;
  /** The users of `ids` that exist, in no particular order (the mail dispatcher reads a batch at once). */
  findByIds(tenantId: string, ids: readonly string[]): Promise<User[]>;
  /** A user by userPrincipalName (any case); `collections` as in findById. */
  findByUpn(tenantId: string, upn: string, collections?: readonly UserCollection[]): Promise<User | undefined>;
  findByInvitedAddress(tenantId: string, addressKey: string): Promise<User | undefined>;
  /**
   * Users whose UPN, mail, otherMails or proxyAddresses equal the address (case-insensitive), or
   * whose invited-address key is `invitedKey`: one indexed query for "does this person exist?".
   */
  findByAnyAddress(tenantId: string, address: string, invitedKey?: string): Promise<User[]>;
  /**
   * Home accounts of an address on this server: users of every tenant except `exceptTenantId`
   * whose UPN, mail or otherMails equal the address (case-insensitive) and who are the tenant's
   * own members (userType Member, never invited: no externalUserState). Guests are left out in the
   * query, as a popular address may be a guest of many tenants.
   */
  findHomeMembers(address: string, exceptTenantId: string): Promise<User[]>;
  upnExists(tenantId: string, upn: string): Promise<boolean>;
  /** Keyset page in id order, strictly after `afterId`. */
  page(tenantId: string, afterId: string | null, size: number): Promise<UserPage>;
  /**
   * One keyset page of the users matching a validated query, in its order, strictly after
   * `after`; `next` is the position to continue from when more follow.
   */
  query(tenantId: string, query: UserQuery, page: UserPageRequest): Promise<UserQueryPage>;
  /** How many users match the query (`$count`). */
  count(tenantId: string, query: UserQuery): Promise<number>;
  /** Sets the guest's sponsors (replaces existing ones). */
  setSponsors(tenantId: string, userId: string, sponsorIds: string[]): Promise<void>;
  sponsors(tenantId: string, userId: string): Promise<string[]>;
}

/** A new guest and everything its invitation writes (POST /invitations' common case). */
export interface NewGuestInvitation {
  user: User;
  invitation: Invitation;
  /** The queued invitation mail, or null when none is sent. */
  mail: OutboxMessage | null;
  audit: AuditRecord;
  /** The invited address and its key, as `UserRepo.findByAnyAddress` takes them. */
  address: string;
  invitedKey: string;
}

/** One unit's outcome: its value, or the error it failed with. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface GuestInvitationRepo {
  /**
   * Writes the guest (with its values and identities), the invitation, the mail and the audit
   * record together, unless a user of the tenant already holds the address in any way
   * `findByAnyAddress` matches or already has one of the guest's unique keys: then nothing is
   * written, the answer is false and the caller takes the general path. Never aborts the
   * surrounding transaction. One statement on PostgreSQL.
   */
  insertIfNew(w: NewGuestInvitation): Promise<boolean>;
  /**
   * `insertIfNew` for several at once, answering for each in order, exactly as if they had run
   * one after another in the order given (one statement for most of them on PostgreSQL).
   */
  insertManyIfNew(ws: readonly NewGuestInvitation[]): Promise<boolean[]>;
  /**
   * `insertManyIfNew` outside any transaction, where each invitation is written by statements that
   * are each whole or nothing by themselves (PostgreSQL: one statement for most of them, one each
   * for the rest): every invitation then comes back written whole, refused (false), or failed
   * with its own error and nothing of it written, whatever happens to the others. Undefined, with
   * nothing written, where it cannot be so (SQLite writes a guest in several statements); throws,
   * with nothing written, when the shared statement fails: the caller then uses a transaction.
   */
  insertManyIfNewAlone(ws: readonly NewGuestInvitation[]): Promise<Settled<boolean>[] | undefined>;
}
