import { CompiledQuery } from 'kysely';
import type { GuestInvitationRepo, NewGuestInvitation, Settled } from '../../domain/ports.js';
import { isPostgres } from '../dialect.js';
import { registerPreparedText } from '../prepared-statements.js';
import type { Db } from '../schema.js';
import { auditRepo } from './audit-repo.js';
import { auditRow, targetRows } from './audit-row.js';
import { invitationRepo, invitationRow } from './invitation-repo.js';
import { outboxRepo, outboxRow } from './outbox-repo.js';
import { userRepo } from './user-repo.js';
import { identityRows, toUserRow, valueRows } from './user-row.js';

/**
 * The write of POST /invitations' common case: a new guest and what its invitation writes. On
 * SQLite it is the repositories' own statements one after another (a statement there is a function
 * call). On PostgreSQL every statement is a round trip whose socket write alone costs the server
 * more than PostgreSQL takes to run it, so a whole batch of them is one statement: data-modifying
 * CTEs over a JSON array of the invitations' rows, spread by jsonb_populate_record(set) into the
 * tables' own column types, each guest guarded by its own address and each child row written only
 * for a guest the statement inserted.
 */
export function guestInvitationRepo(db: Db): GuestInvitationRepo {
  const insertIfNew = async (w: NewGuestInvitation): Promise<boolean> =>
    (isPostgres(db) && hasEveryChild(w) ? (await insertTogether(db, [w])).length > 0 : insertStepwise(db, w));
  return {
    insertIfNew,
    async insertManyIfNew(ws) {
      if (!isPostgres(db)) return inOrder(ws, insertIfNew);
      return inBatch(db, ws, insertIfNew, (written) => written);
    },
    async insertManyIfNewAlone(ws) {
      // Only where every write is one statement: insertTogether's (a statement is atomic by itself).
      if (!isPostgres(db) || !ws.every(hasEveryChild)) return undefined;
      const alone = (w: NewGuestInvitation): Promise<Settled<boolean>> => insertTogether(db, [w])
        .then((ids) => ({ ok: true as const, value: ids.length > 0 }), (error: unknown) => ({ ok: false as const, error }));
      return inBatch(db, ws, alone, (written) => ({ ok: true, value: written }));
    },
  };
}

/** The statement's column lists come from a sample row of each table (a new guest always has each). */
const hasEveryChild = (w: NewGuestInvitation): boolean =>
  w.user.otherMails.length > 0 && w.user.identities.length > 0 && w.audit.targetResources.length > 0;

/**
 * PostgreSQL: the invitations that cannot affect one another in one statement (which throws, with
 * nothing written, when it fails), then the others one by one in their order through `alone`;
 * each answered in the order given, the statement's by `answer(written)`.
 */
async function inBatch<T>(
  db: Db, ws: readonly NewGuestInvitation[], alone: (w: NewGuestInvitation) => Promise<T>, answer: (written: boolean) => T,
): Promise<T[]> {
  const { together, after } = splitByAddress(ws);
  const written = new Set(together.length > 0 ? await insertTogether(db, together) : []);
  const late = new Map<NewGuestInvitation, T>();
  for (const w of after) late.set(w, await alone(w));
  return ws.map((w) => (late.has(w) ? (late.get(w) as T) : answer(written.has(w.user.id))));
}

async function inOrder<T>(items: readonly T[], run: (item: T) => Promise<boolean>): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

/**
 * One statement cannot see its own rows, so only invitations that cannot affect one another are
 * written together; the others run alone after the statement, in their order, as they would have.
 * An invitation is blocked (insertStepwise's lookup) by a user of its tenant whose UPN, mail,
 * otherMails or proxyAddresses hold its address, or whose invited-address key is its own; a new
 * guest holds its own address in mail, otherMails and proxyAddresses, and its UPN. Two
 * invitations sharing any of address, UPN or key are kept apart, whichever way the block would go.
 */
function splitByAddress(ws: readonly NewGuestInvitation[]): { together: NewGuestInvitation[]; after: NewGuestInvitation[] } {
  const held = new Set<string>();
  const together: NewGuestInvitation[] = [];
  const after: NewGuestInvitation[] = [];
  for (const w of ws) {
    const t = w.user.tenantId;
    const keys = [`${t} a ${w.address.toLowerCase()}`, `${t} a ${w.user.userPrincipalName.toLowerCase()}`, `${t} k ${w.invitedKey}`];
    (hasEveryChild(w) && !keys.some((k) => held.has(k)) ? together : after).push(w);
    for (const k of keys) held.add(k);
  }
  return { together, after };
}

async function insertStepwise(db: Db, w: NewGuestInvitation): Promise<boolean> {
  const users = userRepo(db);
  if ((await users.findByAnyAddress(w.user.tenantId, w.address, w.invitedKey)).length > 0) return false;
  if (!(await users.insertIfAbsent(w.user))) return false;
  await invitationRepo(db).insert(w.invitation);
  if (w.mail !== null) await outboxRepo(db).enqueue(w.mail);
  await auditRepo(db).append(w.audit);
  return true;
}

let statement: string | undefined;

/** Writes the invitations in one statement; the ids of the guests it wrote. */
async function insertTogether(db: Db, ws: readonly NewGuestInvitation[]): Promise<string[]> {
  const items = ws.map((w) => {
    const a = w.address.toLowerCase();
    return {
      t: w.user.tenantId, a, s: `smtp:${a}`, k: w.invitedKey,
      user: toUserRow(w.user), values: valueRows(w.user), identities: identityRows(w.user),
      invitation: invitationRow(w.invitation), mails: w.mail === null ? [] : [outboxRow(w.mail)],
      audit: auditRow(w.audit), targets: targetRows(w.audit.tenantId, w.audit.id, w.audit.targetResources),
    };
  });
  const first = items[0];
  statement ??= togetherStatement({
    user: first.user, values: first.values[0], identities: first.identities[0], invitation: first.invitation,
    mail: outboxRow(placeholderMail), audit: first.audit, targets: first.targets[0],
  });
  const { rows } = await db.executeQuery<{ id: string }>(CompiledQuery.raw(statement, [JSON.stringify(items)]));
  return rows.map((r) => r.id);
}

const placeholderMail = { tenantId: '', id: '', kind: 'invitation-mail', createdDateTime: '', payload: {} } as const;

type Samples = Record<'user' | 'values' | 'identities' | 'invitation' | 'mail' | 'audit' | 'targets', object>;
const cols = (row: object) => Object.keys(row).map((c) => `"${c}"`).join(', ');

/**
 * The statement for a JSON array of invitations, each {t(enant), a(ddress, lower-cased),
 * s(mtp: form), k(ey), user, values, identities, invitation, mails, audit, targets}, read as jsonb
 * (its fields are read many times, and json's `->` parses the text again each time). Every guest
 * is guarded by findByAnyAddress's five lookups for its own address, with its collations (the
 * query indexes key text COLLATE "C"), each a correlated index probe; each child row is written
 * only for a guest the statement inserted. Column lists come from the row builders (one sample row
 * of each), so a column they gain is written here too. Returns the inserted guests' ids.
 */
function togetherStatement(sample: Samples): string {
  const children = (table: string, columns: string, field: string, many: boolean) =>
    `insert into "${table}" (${columns}) select ${columns} from ok cross join lateral ${many ? 'jsonb_populate_recordset' : 'jsonb_populate_record'}(null::"${table}", ok.j->'${field}')`;
  const text = `with i as (select x.value as j from jsonb_array_elements($1::jsonb) as x),
u as (
  insert into "users" (${cols(sample.user)}) select ${cols(sample.user)} from i cross join lateral jsonb_populate_record(null::"users", i.j->'user')
  where not exists (
    select 1 from "users" e where e."tenant_id" = i.j->>'t' and e."upn_lower" = i.j->>'a'
    union all select 1 from "users" e where e."tenant_id" = i.j->>'t' and e."mail_lower" collate "C" = i.j->>'a'
    union all select 1 from "user_values" e where e."tenant_id" = i.j->>'t' and e."kind" = 'otherMails' and e."value_lower" collate "C" = i.j->>'a'
    union all select 1 from "user_values" e where e."tenant_id" = i.j->>'t' and e."kind" = 'proxyAddresses' and e."value_lower" collate "C" = i.j->>'s'
    union all select 1 from "users" e where e."tenant_id" = i.j->>'t' and e."invited_address_key" = i.j->>'k')
  on conflict do nothing
  returning "id"),
ok as (select i.j from i where i.j->'user'->>'id' in (select "id" from u)),
v as (${children('user_values', cols(sample.values), 'values', true)}),
d as (${children('user_identities', cols(sample.identities), 'identities', true)}),
n as (${children('invitations', cols(sample.invitation), 'invitation', false)}),
m as (${children('outbox', cols(sample.mail), 'mails', true)}),
a as (${children('audit_logs', cols(sample.audit), 'audit', false)}),
t as (${children('audit_targets', cols(sample.targets), 'targets', true)})
select "id" from u`;
  registerPreparedText(text);
  return text;
}
