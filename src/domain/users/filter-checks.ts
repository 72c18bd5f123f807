import {
  GRAPH_DEFAULT_EQ_VALUE_LENGTH, GRAPH_DEFAULT_IN_VALUES, type ComparisonOperator, type Literal, type Operand,
} from '../../odata/index.js';
import type { FilterableProperty, Support } from './filterable-properties.js';
import { needsAdvancedQuery, tooManyClauses, unsupportedClause, unsupportedOperator } from './query-errors.js';
import type { QueryValue } from './user-query.js';

/**
 * The queryable side of one Graph resource (users, audit logs, …): the validators know nothing
 * else about it, so a new resource brings its own property table and reuses them.
 */
export interface QuerySchema {
  /** The resource's name in Graph's error messages (`User`, `directoryAudit`). */
  readonly resource: string;
  /**
   * Whether the resource has Graph's advanced queries (directory objects do): when it does, Graph's
   * default limits apply outside them; when not, operators that only exist there are refused.
   */
  readonly advancedQueries: boolean;
  /** The property at `path` (`displayName`, `initiatedBy/user/id`; any case), if queryable. */
  property(path: readonly string[]): FilterableProperty | undefined;
}

/** What every check needs to know about the request. */
export interface FilterContext {
  readonly advanced: boolean;
  readonly schema: QuerySchema;
}

/** Graph's unsupported-clause error, naming the resource of the query. */
export const refuseClause = (property: string, ctx: FilterContext) => unsupportedClause(property, ctx.schema.resource);

/** The property (or operator) support level allows this request, or Graph's unsupported-clause error. */
export function requireSupport(level: Support | undefined, property: string, ctx: FilterContext): void {
  if (level === undefined || (level === 'advanced' && !ctx.advanced)) throw refuseClause(property, ctx);
}

/** Operators that exist only in advanced queries (`ne`, `not`, `endsWith`, `/$count`). */
export function requireAdvanced(operator: string, ctx: FilterContext): void {
  if (!ctx.schema.advancedQueries) throw unsupportedOperator(operator);
  if (!ctx.advanced) throw needsAdvancedQuery(operator);
}

/**
 * Graph's default limits for directory objects (known issues, "Query parameters"): at most 15
 * expressions in an `in` list or an `or` chain, and `eq` values of at most 120 characters, unless
 * the request is an advanced query (whose own limit is the 2,048-character URL, which Portico does
 * not enforce). Resources without advanced queries have only the parser's protective limits.
 */
export function checkClauseCount(count: number, ctx: FilterContext): void {
  if (ctx.schema.advancedQueries && !ctx.advanced && count > GRAPH_DEFAULT_IN_VALUES) throw tooManyClauses(count, GRAPH_DEFAULT_IN_VALUES);
}

export function checkEqLength(value: QueryValue, property: string, ctx: FilterContext): void {
  if (ctx.schema.advancedQueries && !ctx.advanced && typeof value === 'string' && value.length > GRAPH_DEFAULT_EQ_VALUE_LENGTH) {
    throw refuseClause(property, ctx);
  }
}

/** `ge` and `le` mirror each other when the literal is written first (`'a' le displayName`). */
const mirrored: Record<ComparisonOperator, ComparisonOperator> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

/**
 * A comparison as `path op literal`, whichever side the path was written on; undefined when it
 * does not compare one path (or `/$count`) with one literal.
 */
export function orient(left: Operand, operator: ComparisonOperator, right: Operand):
  { subject: Exclude<Operand, Literal>; operator: ComparisonOperator; literal: Literal } | undefined {
  if (left.kind !== 'literal' && right.kind === 'literal') return { subject: left, operator, literal: right };
  if (left.kind === 'literal' && right.kind !== 'literal') return { subject: right, operator: mirrored[operator], literal: left };
  return undefined;
}

/** A readable name of an operand for error messages (the property Graph would name). */
export function operandName(operand: Operand): string {
  switch (operand.kind) {
    case 'property': return operand.path.join('/');
    case 'variable': return [operand.name, ...operand.path].join('/');
    case 'count': return operandName(operand.collection);
    case 'literal': return operand.type === 'string' ? operand.value : operand.type;
  }
}
