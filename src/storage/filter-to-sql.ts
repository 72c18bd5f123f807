import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { signInNameTypes, type FilterableProperty, type UserColumn } from '../domain/users/filterable-properties.js';
import type { QueryFilter, QueryValue, Target } from '../domain/users/user-query.js';
import { secondBounds } from './date-bounds.js';
import { collate, likeSuffix, operandOf, PREFIX_END, type Row, type SqlOperand } from './query-operands.js';
import { DISPLAY_NAME_TOKENS } from './repos/user-row.js';
import type { UsersTable } from './schema.js';

/** Every column the property table names is a users column (checked when this compiles). */
const columnsExist: UserColumn extends keyof UsersTable ? true : never = true;
void columnsExist;

type Cond = RawBuilder<SqlBool>;

export interface SqlScope {
  readonly pg: boolean;
  readonly tenantId: string;
  /** The queried resource's table; every one is keyed (tenant_id, id). */
  readonly table: 'users' | 'audit_logs';
  /** Numbers subquery aliases (u1, v2, …) so nested subqueries never shadow each other. */
  readonly aliases: { next: number };
}

const TRUE: Cond = sql<SqlBool>`1 = 1`;
const FALSE: Cond = sql<SqlBool>`1 = 0`;
const join = (parts: Cond[], op: 'and' | 'or'): Cond =>
  parts.length === 1 ? parts[0] : sql<SqlBool>`(${sql.join(parts, op === 'and' ? sql` and ` : sql` or `)})`;

/**
 * A validated QueryFilter -> a condition on the row `alias` of the scope's table (users or
 * audit_logs). Values are always parameters;
 * identifiers come only from the property table (through query-operands.ts) or are aliases made
 * here. Negation is pushed down to the leaves (De Morgan), where it keeps two-valued logic: `ne`,
 * `not(eq)` and `not startsWith` also match users whose property is null, as Graph's do.
 *
 * Index use: a leaf on a column is a range or equality on an expression index of migration 002
 * (users) or 008 (audit logs);
 * a collection leaf is `id IN (indexed lookup in the child table)`; and an `or` at row level is
 * `id IN (branch UNION ALL branch …)`, each branch using its own index, because an OR across
 * columns and subqueries would make both databases scan the tenant's users.
 */
export function filterToSql(filter: QueryFilter, alias: string, scope: SqlScope): Cond {
  return compile(filter, { kind: 'entity', alias }, false, scope);
}

function compile(node: QueryFilter, row: Row, negate: boolean, s: SqlScope): Cond {
  switch (node.kind) {
    case 'not':
      return compile(node.operand, row, !negate, s);
    case 'and':
    case 'or': {
      const kind = negate ? (node.kind === 'and' ? 'or' : 'and') : node.kind;
      if (kind === 'or' && row.kind === 'entity') return anyOf(node.operands, row.alias, negate, s);
      return join(node.operands.map((o) => compile(o, row, negate, s)), kind);
    }
    case 'compare':
      return comparison(operandOf(node.target, row, s.pg), node.operator, node.value, negate);
    case 'in':
      return inList(node.target, node.values, row, negate, s);
    case 'startsWith': {
      const o = operandOf(node.target, row, s.pg);
      const range = sql<SqlBool>`(${o.expr} >= ${o.fold(node.value)} and ${o.expr} <= ${o.fold(node.value + PREFIX_END)})`;
      return negate ? orNull(o, sql<SqlBool>`not ${range}`) : range;
    }
    case 'endsWith': {
      const o = operandOf(node.target, row, s.pg);
      const like = sql<SqlBool>`${o.expr} like ${o.fold(likeSuffix(node.value))} escape '\\'`;
      return negate ? orNull(o, sql<SqlBool>`not (${like})`) : like;
    }
    case 'any':
      return anyElement(node.collection, node.predicate, usersAlias(row), negate, s);
    case 'count':
      return countOf(node.collection, (node.operator === 'eq') !== negate, node.value, usersAlias(row), s);
    case 'words': {
      if (node.tokens.length === 0) return negate ? TRUE : FALSE;
      const all = join(node.tokens.map((t) => sql<SqlBool>`${sql.ref(`${usersAlias(row)}.id`)} in (${wordLookup(t, s)})`), 'and');
      return negate ? sql<SqlBool>`not ${all}` : all;
    }
  }
}

function usersAlias(row: Row): string {
  if (row.kind !== 'entity') throw new Error('collection filters apply to resource rows only');
  return row.alias;
}

/** `expr IS NULL OR …` for nullable columns: the negation of a comparison includes the nulls. */
const orNull = (o: SqlOperand, cond: Cond): Cond => (o.nullable ? sql<SqlBool>`(${o.expr} is null or ${cond})` : cond);

const SQL_OPERATOR = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
const COMPLEMENT = { eq: 'ne', ne: 'eq', gt: 'le', ge: 'lt', lt: 'ge', le: 'gt' } as const;
type Operator = keyof typeof SQL_OPERATOR;

function comparison(o: SqlOperand, written: Operator, value: QueryValue, negate: boolean): Cond {
  if (value === null) {
    const isNull = (written === 'eq') !== negate;
    return isNull ? sql<SqlBool>`${o.expr} is null` : sql<SqlBool>`${o.expr} is not null`;
  }
  // `ne` is the negation of `eq` (with the nulls), whatever the type.
  const positive = written === 'ne' ? 'eq' : written;
  const negated = negate !== (written === 'ne');
  if (o.type === 'instant') return instant(o, positive, String(value), negated);
  const literal = typeof value === 'boolean' ? sql`${value ? 1 : 0}` : o.fold(value);
  const op = negated ? COMPLEMENT[positive] : positive;
  const cond = sql<SqlBool>`${o.expr} ${sql.raw(SQL_OPERATOR[op])} ${literal}`;
  return negated ? orNull(o, cond) : cond;
}

function instant(o: SqlOperand, operator: Exclude<Operator, 'ne'>, value: string, negate: boolean): Cond {
  const bounds = secondBounds(operator, value);
  if (bounds === 'never') return negate ? TRUE : FALSE;
  const parts: Cond[] = [];
  if (bounds.from !== undefined) parts.push(sql<SqlBool>`${o.expr} ${sql.raw(negate ? '<' : '>=')} ${bounds.from}`);
  if (bounds.before !== undefined) parts.push(sql<SqlBool>`${o.expr} ${sql.raw(negate ? '>=' : '<')} ${bounds.before}`);
  return negate ? orNull(o, join(parts, 'or')) : join(parts, 'and');
}

function inList(target: Target, values: readonly QueryValue[], row: Row, negate: boolean, s: SqlScope): Cond {
  const o = operandOf(target, row, s.pg);
  if (o.type === 'instant') {
    return join(values.map((v) => comparison(o, 'eq', v, negate)), negate ? 'and' : 'or');
  }
  const list = sql.join(values.map((v) => (typeof v === 'boolean' ? sql`${v ? 1 : 0}` : o.fold(String(v)))));
  return negate ? orNull(o, sql<SqlBool>`${o.expr} not in (${list})`) : sql<SqlBool>`${o.expr} in (${list})`;
}

/** A row-level `or`: rows whose id is in the union of each branch's (indexed) id set. */
function anyOf(operands: readonly QueryFilter[], alias: string, negate: boolean, s: SqlScope): Cond {
  const branches = operands.map((o) => {
    if (o.kind === 'any' && !negate) return elementLookup(o.collection, o.predicate, s);
    const u = `u${++s.aliases.next}`;
    return sql`select ${sql.ref(`${u}.id`)} from ${sql.table(s.table)} as ${sql.id(u)} where ${sql.ref(`${u}.tenant_id`)} = ${s.tenantId} and ${compile(o, { kind: 'entity', alias: u }, negate, s)}`;
  });
  return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (${union(branches, s)})`;
}

/**
 * SQLite allows at most 500 terms in one compound SELECT; longer unions (an `or` of hundreds of
 * clauses in an advanced query) are nested in chunks, each chunk a subquery of its own.
 */
const UNION_CHUNK = 400;

function union(branches: RawBuilder<unknown>[], s: SqlScope): RawBuilder<unknown> {
  if (branches.length <= UNION_CHUNK) return sql.join(branches, sql` union all `);
  const chunks: RawBuilder<unknown>[] = [];
  for (let i = 0; i < branches.length; i += UNION_CHUNK) {
    const t = `b${++s.aliases.next}`;
    chunks.push(sql`select ${sql.ref(`${t}.id`)} from (${union(branches.slice(i, i + UNION_CHUNK), s)}) as ${sql.id(t)}`);
  }
  return union(chunks, s);
}

/**
 * The child table a collection lives in, its alias, the rows of that collection, and `owner`: the
 * column holding the id of the row the element belongs to.
 */
function childRows(collection: FilterableProperty, s: SqlScope, alias = `c${++s.aliases.next}`) {
  const a = (column: string) => sql.ref(`${alias}.${column}`);
  const { location } = collection;
  if (location.table === 'user_values') {
    return { alias, table: sql`user_values as ${sql.id(alias)}`, a, owner: a('user_id'), rows: sql<SqlBool>`${a('kind')} = ${location.kind}` };
  }
  if (location.table === 'audit_targets') {
    return { alias, table: sql`audit_targets as ${sql.id(alias)}`, a, owner: a('audit_id'), rows: TRUE };
  }
  if (location.table !== 'user_identities') throw new Error(`not a collection: ${collection.name}`);
  const rows = collection.type === 'signInNames'
    ? sql<SqlBool>`${a('sign_in_type')} in (${sql.join(signInNameTypes.map((t) => sql`${t}`))})` : TRUE;
  return { alias, table: sql`user_identities as ${sql.id(alias)}`, a, owner: a('user_id'), rows };
}

/** `select <owner> from <child> where tenant = ? and <collection rows> and <predicate>`. */
function elementLookup(collection: FilterableProperty, predicate: QueryFilter, s: SqlScope) {
  const c = childRows(collection, s);
  const where = compile(predicate, { kind: 'element', alias: c.alias, collection }, false, s);
  return sql`select ${c.owner} as id from ${c.table} where ${c.a('tenant_id')} = ${s.tenantId} and ${c.rows} and ${where}`;
}

function anyElement(collection: FilterableProperty, predicate: QueryFilter, alias: string, negate: boolean, s: SqlScope): Cond {
  if (!negate) return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (${elementLookup(collection, predicate, s)})`;
  // Correlated, so PostgreSQL plans an anti-join on the child table's primary key.
  const c = childRows(collection, s);
  const where = compile(predicate, { kind: 'element', alias: c.alias, collection }, false, s);
  return sql<SqlBool>`not exists (select 1 from ${c.table} where ${c.a('tenant_id')} = ${sql.ref(`${alias}.tenant_id`)} and ${c.owner} = ${sql.ref(`${alias}.id`)} and ${c.rows} and ${where})`;
}

/** `collection/$count eq n` (`equal`) or `ne n`. */
function countOf(collection: FilterableProperty, equal: boolean, n: number, alias: string, s: SqlScope): Cond {
  const c = childRows(collection, s);
  const id = sql.ref(`${alias}.id`);
  if (n === 0) {
    const some = sql`select ${c.owner} from ${c.table} where ${c.a('tenant_id')} = ${s.tenantId} and ${c.rows}`;
    if (!equal) return sql<SqlBool>`${id} in (${some})`;
    return sql<SqlBool>`not exists (select 1 from ${c.table} where ${c.a('tenant_id')} = ${sql.ref(`${alias}.tenant_id`)} and ${c.owner} = ${id} and ${c.rows})`;
  }
  const exactly = sql`select ${c.owner} from ${c.table} where ${c.a('tenant_id')} = ${s.tenantId} and ${c.rows} group by ${c.owner} having count(*) = ${n}`;
  return equal ? sql<SqlBool>`${id} in (${exactly})` : sql<SqlBool>`${id} not in (${exactly})`;
}

/** Users with a displayName word starting with `token`: an indexed prefix range on user_values. */
function wordLookup(token: string, s: SqlScope) {
  const v = `w${++s.aliases.next}`;
  const value = collate(s.pg, sql.ref(`${v}.value_lower`));
  return sql`select ${sql.ref(`${v}.user_id`)} from user_values as ${sql.id(v)} where ${sql.ref(`${v}.tenant_id`)} = ${s.tenantId} and ${sql.ref(`${v}.kind`)} = ${DISPLAY_NAME_TOKENS} and ${value} >= ${token} and ${value} <= ${token + PREFIX_END}`;
}
