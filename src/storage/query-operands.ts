import { sql, type RawBuilder } from 'kysely';
import type { AuditColumn } from '../domain/audit/audit-properties.js';
import type { FilterableProperty, UserColumn } from '../domain/users/filterable-properties.js';
import type { Target } from '../domain/users/user-query.js';
import type { UsersTable } from './schema.js';

/**
 * How one queried value reads in SQL: the column expression, how a literal is turned into the same
 * form, and whether the column can be null. Case-insensitivity, as in Entra:
 * - columns the store writes lower-cased itself (upn_lower, mail_lower, value_lower,
 *   issuer_assigned_id_lower) are compared with the value lower-cased the same way (JavaScript);
 * - other text is compared as `lower(column)` with `lower(value)`, both folded by the database, so
 *   the two sides always agree (SQLite's built-in lower() folds ASCII letters only; PostgreSQL's
 *   follows the database's ctype). Expression indexes on `lower(column)` serve these.
 * On PostgreSQL every text expression is compared under COLLATE "C" (bytewise, as SQLite's BINARY
 * default): prefix ranges are then exact whatever the database's collation, and the "C" indexes of
 * migration 002 match them.
 */
export interface SqlOperand {
  readonly expr: RawBuilder<unknown>;
  /** A literal in the expression's form, as a parameter. */
  readonly fold: (value: string) => RawBuilder<unknown>;
  readonly nullable: boolean;
  readonly type: 'text' | 'boolean' | 'instant';
}

/** The queried resource's row (users, audit_logs), or the child row a lambda ranges over, by alias. */
export type Row =
  | { readonly kind: 'entity'; readonly alias: string }
  | { readonly kind: 'element'; readonly alias: string; readonly collection: FilterableProperty };

export const collate = (pg: boolean, expr: RawBuilder<unknown>): RawBuilder<unknown> => (pg ? sql`${expr} collate "C"` : expr);

const NOT_NULL: ReadonlySet<UserColumn> = new Set<keyof UsersTable & UserColumn>(['id', 'upn_lower', 'user_type', 'account_enabled', 'created_at']);
const INSTANTS: ReadonlySet<UserColumn> = new Set<UserColumn>(['created_at', 'external_user_state_changed_at']);

const param = (value: string) => sql`${value}`;
const jsFolded = (value: string) => sql`${value.toLowerCase()}`;
const dbFolded = (value: string) => sql`lower(cast(${value} as text))`;

/** Audit columns holding GUIDs the store wrote lower-cased: compared as they are. */
const AUDIT_GUIDS: ReadonlySet<AuditColumn> = new Set<AuditColumn>(['id', 'correlation_id', 'initiator_user_id', 'initiator_app_id']);
const AUDIT_NOT_NULL: ReadonlySet<AuditColumn> = new Set<AuditColumn>(['id', 'activity', 'activity_at', 'category', 'logged_by', 'result']);

/**
 * An audit_logs column. activityDateTime compares exactly (Graph shows audit instants with their
 * fraction, so `gt` the last seen instant must not skip the rest of its second); text folds case
 * in the database like the users' profile strings.
 */
function auditOperand(column: AuditColumn, ref: (column: string) => RawBuilder<unknown>, pg: boolean): SqlOperand {
  const nullable = !AUDIT_NOT_NULL.has(column);
  if (AUDIT_GUIDS.has(column)) return { expr: ref(column), fold: param, nullable, type: 'text' };
  if (column === 'activity_at') return { expr: collate(pg, ref(column)), fold: param, nullable, type: 'text' };
  return { expr: collate(pg, sql`lower(${ref(column)})`), fold: dbFolded, nullable, type: 'text' };
}

export function operandOf(target: Target, row: Row, pg: boolean): SqlOperand {
  const ref = (column: string) => sql.ref(`${row.alias}.${column}`);
  switch (target.kind) {
    case 'scalar': {
      const { location } = target.property;
      if (location.table === 'audit_logs' && row.kind === 'entity') return auditOperand(location.column, ref, pg);
      if (location.table !== 'users' || row.kind !== 'entity') throw new Error(`not a users column: ${target.property.name}`);
      const { column } = location;
      const nullable = !NOT_NULL.has(column);
      if (column === 'id') return { expr: ref(column), fold: param, nullable, type: 'text' };
      if (column === 'account_enabled') return { expr: ref(column), fold: param, nullable, type: 'boolean' };
      if (INSTANTS.has(column)) return { expr: collate(pg, ref(column)), fold: param, nullable, type: 'instant' };
      if (location.folded) return { expr: collate(pg, ref(column)), fold: jsFolded, nullable, type: 'text' };
      return { expr: collate(pg, sql`lower(${ref(column)})`), fold: dbFolded, nullable, type: 'text' };
    }
    case 'element':
      // signInNames range over user_identities: the element is the issuerAssignedId.
      return {
        expr: collate(pg, ref(target.collection.type === 'signInNames' ? 'issuer_assigned_id_lower' : 'value_lower')),
        fold: jsFolded, nullable: false, type: 'text',
      };
    case 'field':
      if (target.collection.location.table === 'audit_targets') {
        // Target ids are stored lower-cased; displayNames fold in the database.
        if (target.field === 'id') return { expr: collate(pg, ref('target_id')), fold: jsFolded, nullable: false, type: 'text' };
        return { expr: collate(pg, sql`lower(${ref('display_name')})`), fold: dbFolded, nullable: true, type: 'text' };
      }
      if (target.field === 'issuerAssignedId') return { expr: collate(pg, ref('issuer_assigned_id_lower')), fold: jsFolded, nullable: false, type: 'text' };
      return {
        expr: collate(pg, sql`lower(${ref(target.field === 'issuer' ? 'issuer' : 'sign_in_type')})`), fold: dbFolded,
        nullable: false, type: 'text',
      };
  }
}

/** Highest code point: `p <= x <= p + MAX` holds exactly for the x that start with p (bytewise order). */
export const PREFIX_END = '\u{10FFFF}';

/** LIKE pattern text for a literal suffix: `%`, `_` and the escape character itself are escaped. */
export const likeSuffix = (value: string): string => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
