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
  return {
    insertIfNew: (w) => (isPostgres(db) ? insertInOneStatement(db, w) : insertStepwise(db, w)),
  };
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

const placeholderMail = { tenantId: '', id: '', kind: 'invitation-mail', createdDateTime: '', payload: {} } as const;

/**
 * Column lists come from the row builders (one sample row of each), so a column they gain is
 * written here too; columns they leave out keep their defaults. The address guard is findByAnyAddress's five lookups with its
 * collations (the query indexes key text COLLATE "C"), so each is one index probe.
 */
function oneStatement(sample: Record<'user' | 'values' | 'identities' | 'invitation' | 'mail' | 'audit' | 'targets', object>): string {
  const cols = (row: object) => Object.keys(row).map((c) => `"${c}"`).join(', ');
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
