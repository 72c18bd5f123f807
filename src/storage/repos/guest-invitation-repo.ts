import { CompiledQuery } from 'kysely';
import type { GuestInvitationRepo, NewGuestInvitation } from '../../domain/ports.js';
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
 * more than PostgreSQL takes to run it, so the whole write is one statement: data-modifying CTEs,
 * each child insert guarded by the guest's insert having happened, the rows passed as JSON and
 * spread by json_populate_record(set) into the tables' own column types.
 */
export function guestInvitationRepo(db: Db): GuestInvitationRepo {
  const insertIfNew = (w: NewGuestInvitation) => (isPostgres(db) ? insertInOneStatement(db, w) : insertStepwise(db, w));
  return {
    insertIfNew,
    async insertManyIfNew(ws) {
      if (!isPostgres(db) || ws.length === 1) return inOrder(ws, insertIfNew);
      // One statement cannot see its own rows: an invitation whose address a previous one in the
      // batch could already hold waits, and runs alone after the statement, as it would have.
      const { together, after } = splitByAddress(ws.filter(hasEveryChild), ws.filter((w) => !hasEveryChild(w)));
      const written = new Set(together.length > 0 ? await insertInOneStatementMany(db, together) : []);
      const late = new Map(after.map((w, k) => [w, k]));
      const lateWritten = await inOrder(after, insertIfNew);
      return ws.map((w) => (late.has(w) ? lateWritten[late.get(w) as number] : written.has(w.user.id)));
    },
  };
}

/** The statement's column lists come from a sample row of each table (a new guest always has each). */
const hasEveryChild = (w: NewGuestInvitation): boolean =>
  w.user.otherMails.length > 0 && w.user.identities.length > 0 && w.audit.targetResources.length > 0;

async function inOrder<T>(items: readonly T[], run: (item: T) => Promise<boolean>): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const item of items) out.push(await run(item));
  return out;
}

/**
 * The batch's invitations that no earlier one in it could block, and the rest. An invitation is
 * blocked (insertStepwise's lookup) by a user of its tenant whose UPN, mail, otherMails or
 * proxyAddresses hold its address, or whose invited-address key is its own; a new guest holds its
 * own address in mail, otherMails and proxyAddresses, and its UPN.
 */
function splitByAddress(ws: readonly NewGuestInvitation[], after: NewGuestInvitation[]): { together: NewGuestInvitation[]; after: NewGuestInvitation[] } {
  const held = new Set<string>();
  const together: NewGuestInvitation[] = [];
  for (const w of ws) {
    const t = w.user.tenantId;
    const address = `${t} a ${w.address.toLowerCase()}`;
    const key = `${t} k ${w.invitedKey}`;
    if (held.has(address) || held.has(key)) {
      after.push(w);
      continue;
    }
    together.push(w);
    held.add(address).add(key).add(`${t} a ${w.user.userPrincipalName.toLowerCase()}`);
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

async function insertInOneStatement(db: Db, w: NewGuestInvitation): Promise<boolean> {
  const user = toUserRow(w.user);
  const invitation = invitationRow(w.invitation);
  const mails = w.mail === null ? [] : [outboxRow(w.mail)];
  const audit = auditRow(w.audit);
  const values = valueRows(w.user);
  const identities = identityRows(w.user);
  const targets = targetRows(w.audit.tenantId, w.audit.id, w.audit.targetResources);
  // A new guest always has a value (its otherMails), an identity and the audit record a target.
  if (values.length === 0 || identities.length === 0 || targets.length === 0) return insertStepwise(db, w);
  statement ??= oneStatement({ user, values: values[0], identities: identities[0], invitation, mail: outboxRow(w.mail ?? placeholderMail), audit, targets: targets[0] });
  const a = w.address.toLowerCase();
  const params = [
    JSON.stringify(user), w.user.tenantId, a, `smtp:${a}`, w.invitedKey, JSON.stringify(values), JSON.stringify(identities),
    JSON.stringify(invitation), JSON.stringify(mails), JSON.stringify(audit), JSON.stringify(targets),
  ];
  const { rows } = await db.executeQuery<{ inserted: number }>(CompiledQuery.raw(statement, params));
  return rows[0].inserted > 0;
}

let manyStatement: string | undefined;

/** insertInOneStatement for several invitations; the ids of the guests it wrote. */
async function insertInOneStatementMany(db: Db, ws: readonly NewGuestInvitation[]): Promise<string[]> {
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
  manyStatement ??= manyGuestsStatement({
    user: first.user, values: first.values[0], identities: first.identities[0], invitation: first.invitation,
    mail: outboxRow(placeholderMail), audit: first.audit, targets: first.targets[0],
  });
  const { rows } = await db.executeQuery<{ id: string }>(CompiledQuery.raw(manyStatement, [JSON.stringify(items)]));
  return rows.map((r) => r.id);
}

const placeholderMail = { tenantId: '', id: '', kind: 'invitation-mail', createdDateTime: '', payload: {} } as const;

/**
 * Column lists come from the row builders (one sample row of each), so a column they gain is
 * written here too; columns they leave out keep their defaults. The address guard is findByAnyAddress's five lookups with its
 * collations (the query indexes key text COLLATE "C"), so each is one index probe.
 */
type Samples = Record<'user' | 'values' | 'identities' | 'invitation' | 'mail' | 'audit' | 'targets', object>;
const cols = (row: object) => Object.keys(row).map((c) => `"${c}"`).join(', ');

function oneStatement(sample: Samples): string {
  const guarded = (table: string, columns: string, param: string, many: boolean) =>
    `insert into "${table}" (${columns}) select ${columns} from ${many ? 'json_populate_recordset' : 'json_populate_record'}(null::"${table}", ${param}::json) where exists (select 1 from u)`;
  const text = `with u as (
  insert into "users" (${cols(sample.user)}) select ${cols(sample.user)} from json_populate_record(null::"users", $1::json)
  where not exists (
    select 1 from "users" where "tenant_id" = $2 and "upn_lower" = $3
    union all select 1 from "users" where "tenant_id" = $2 and "mail_lower" collate "C" = $3
    union all select 1 from "user_values" where "tenant_id" = $2 and "kind" = 'otherMails' and "value_lower" collate "C" = $3
    union all select 1 from "user_values" where "tenant_id" = $2 and "kind" = 'proxyAddresses' and "value_lower" collate "C" = $4
    union all select 1 from "users" where "tenant_id" = $2 and "invited_address_key" = $5)
  on conflict do nothing
  returning "id"),
v as (${guarded('user_values', cols(sample.values), '$6', true)}),
i as (${guarded('user_identities', cols(sample.identities), '$7', true)}),
n as (${guarded('invitations', cols(sample.invitation), '$8', false)}),
m as (${guarded('outbox', cols(sample.mail), '$9', true)}),
a as (${guarded('audit_logs', cols(sample.audit), '$10', false)}),
t as (${guarded('audit_targets', cols(sample.targets), '$11', true)})
select count(*)::int as "inserted" from u`;
  registerPreparedText(text);
  return text;
}

/**
 * oneStatement for a JSON array of invitations (read as jsonb: its fields are read many times, and
 * json's `->` parses the text again each time), each {t, a, s, k, user, values, identities,
 * invitation, mails, audit, targets}: every guest is guarded by its own address (the lookups are
 * correlated index probes), and each child row is written only for a guest the statement inserted.
 * Returns the ids of those guests. Mails are an array (none when no mail is sent).
 */
function manyGuestsStatement(sample: Samples): string {
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
