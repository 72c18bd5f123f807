import { sql, type Kysely } from 'kysely';
import { searchTokens } from '../../domain/users/search-tokens.js';
import { isPostgres } from '../dialect.js';

/**
 * Indexes for Graph's user queries (domain/users/filterable-properties.ts): every filter Graph
 * allows by default is an index range or lookup here, each index led by tenant_id and ended by the
 * row's id (or user_id) so that object-id order and keyset paging read the index in order.
 * The expressions are exactly those storage/filter-to-sql.ts writes: `lower(column)` for text
 * folded by the database, the column itself for text the store folds (upn_lower, mail_lower,
 * value_lower, issuer_assigned_id_lower) and for instants. On PostgreSQL each text key is
 * COLLATE "C", as the queries are, and displayName sorts nulls first, the order keyset.ts uses.
 *
 * It also writes the displayName search tokens (kind 'displayNameTokens' in user_values) of the
 * users that existed before tokens were kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const text = (expr: string) => (pg ? `${expr} collate "C"` : expr);
  const indexes: [name: string, table: string, keys: string][] = [
    ['users_q_upn', 'users', `tenant_id, ${text('upn_lower')}, id`],
    ['users_q_mail', 'users', `tenant_id, ${text('mail_lower')}, id`],
    ['users_q_display_name', 'users', `tenant_id, ${text('lower(display_name)')}${pg ? ' nulls first' : ''}, id`],
    ...[
      'mail_nickname', 'given_name', 'surname', 'job_title', 'department', 'city', 'country', 'usage_location',
      'employee_id', 'user_type', 'external_user_state', 'creation_type',
    ].map((column): [string, string, string] => [`users_q_${column}`, 'users', `tenant_id, ${text(`lower(${column})`)}, id`]),
    ['users_q_account_enabled', 'users', 'tenant_id, account_enabled, id'],
    ['users_q_created_at', 'users', `tenant_id, ${text('created_at')}, id`],
    ['users_q_state_changed_at', 'users', `tenant_id, ${text('external_user_state_changed_at')}, id`],
    ['user_values_q', 'user_values', `tenant_id, kind, ${text('value_lower')}, user_id`],
    ['user_identities_q_assigned_id', 'user_identities', `tenant_id, ${text('issuer_assigned_id_lower')}, user_id`],
    ['user_identities_q_issuer', 'user_identities', `tenant_id, ${text('lower(issuer)')}, user_id`],
    ['user_identities_q_sign_in_type', 'user_identities', `tenant_id, ${text('lower(sign_in_type)')}, user_id`],
  ];
  // Index names and keys are the constants above; nothing here comes from outside.
  for (const [name, table, keys] of indexes) await sql.raw(`create index ${name} on ${table} (${keys})`).execute(db);
  await backfillTokens(db);
}

const BATCH = 500;

async function backfillTokens(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped.withTables<{
    users: { tenant_id: string; id: string; display_name: string | null };
    user_values: { tenant_id: string; user_id: string; kind: string; ord: number; value: string; value_lower: string };
  }>();
  let after: { tenant_id: string; id: string } | undefined;
  for (;;) {
    let q = db.selectFrom('users').select(['tenant_id', 'id', 'display_name']).orderBy('tenant_id').orderBy('id').limit(BATCH);
    if (after) {
      const { tenant_id, id } = after;
      q = q.where((eb) => eb.or([eb('tenant_id', '>', tenant_id), eb.and([eb('tenant_id', '=', tenant_id), eb('id', '>', id)])]));
    }
    const users = await q.execute();
    if (users.length === 0) return;
    const rows = users.flatMap((u) => (u.display_name === null ? [] : searchTokens(u.display_name)).map((token, ord) => ({
      tenant_id: u.tenant_id, user_id: u.id, kind: 'displayNameTokens', ord, value: token, value_lower: token,
    })));
    if (rows.length > 0) await db.insertInto('user_values').values(rows).execute();
    after = users[users.length - 1];
  }
}
