import {
  GRAPH_DEFAULT_EQ_VALUE_LENGTH, GRAPH_DEFAULT_IN_VALUES, type ComparisonOperator, type Literal, type Operand,
} from '../../odata/index.js';
import type { Support } from './filterable-properties.js';
import { needsAdvancedQuery, tooManyClauses, unsupportedClause } from './query-errors.js';
import type { QueryValue } from './user-query.js';

/** What every check needs to know about the request. */
export interface FilterContext {
  readonly advanced: boolean;
}

/** The property (or operator) support level allows this request, or Graph's unsupported-clause error. */
export function requireSupport(level: Support | undefined, property: string, ctx: FilterContext): void {
  if (level === undefined || (level === 'advanced' && !ctx.advanced)) throw unsupportedClause(property);
}

/** Operators that exist only in advanced queries (`ne`, `not`, `endsWith`, `/$count`). */
export function requireAdvanced(operator: string, ctx: FilterContext): void {
  if (!ctx.advanced) throw needsAdvancedQuery(operator);
}

/**
 * Graph's default limits (known issues, "Query parameters"): at most 15 expressions in an `in` list
 * or an `or` chain, and `eq` values of at most 120 characters, unless the request is an advanced
 * query (whose own limit is the 2,048-character URL, which Portico does not enforce).
 */
export function checkClauseCount(count: number, ctx: FilterContext): void {
  if (!ctx.advanced && count > GRAPH_DEFAULT_IN_VALUES) throw tooManyClauses(count, GRAPH_DEFAULT_IN_VALUES);
}

export function checkEqLength(value: QueryValue, property: string, ctx: FilterContext): void {
  if (!ctx.advanced && typeof value === 'string' && value.length > GRAPH_DEFAULT_EQ_VALUE_LENGTH) throw unsupportedClause(property);
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
