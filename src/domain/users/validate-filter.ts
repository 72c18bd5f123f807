import type { ComparisonOperator, FilterNode, FunctionNode, InNode, LambdaNode, Literal, Operand } from '../../odata/index.js';
import {
  checkClauseCount, checkEqLength, operandName, orient, refuseClause, requireAdvanced, requireSupport, type FilterContext,
} from './filter-checks.js';
import { isCollection, type FilterableProperty } from './filterable-properties.js';
import { invalidFilter, unsupportedOperator } from './query-errors.js';
import { typedValue, type ScalarType } from './typed-literal.js';
import type { QueryFilter } from './user-query.js';
import { validateLambda } from './validate-lambda.js';

/**
 * `$filter` AST -> QueryFilter, by Graph's rules for the resource's property table (users:
 * filterable-properties.ts; audit logs: audit/audit-properties.ts): every property must be listed,
 * every operator must be allowed for it, and operators or properties that Graph serves only from
 * its advanced-query index need `advanced`. The first refusal found is thrown as Graph's error;
 * nothing unvalidated reaches the store.
 */
export function validateFilter(node: FilterNode, ctx: FilterContext): QueryFilter {
  switch (node.kind) {
    case 'and':
    case 'or':
      if (node.kind === 'or') checkClauseCount(node.operands.length, ctx);
      return { kind: node.kind, operands: node.operands.map((o) => validateFilter(o, ctx)) };
    case 'not':
      requireAdvanced('not', ctx);
      return { kind: 'not', operand: validateFilter(node.operand, ctx) };
    case 'compare':
      return compare(node.left, node.operator, node.right, ctx);
    case 'in':
      return inList(node, ctx);
    case 'function':
      return stringFunction(node, ctx);
    case 'any':
    case 'all':
      return lambda(node, ctx);
  }
}

/** A top-level path must name one listed property of the resource. */
function propertyOf(operand: Operand, ctx: FilterContext): FilterableProperty {
  const name = operandName(operand);
  const property = operand.kind === 'property' ? ctx.schema.property(operand.path) : undefined;
  if (!property) throw refuseClause(name, ctx);
  return property;
}

function scalarProperty(operand: Operand, ctx: FilterContext): FilterableProperty & { type: ScalarType } {
  const property = propertyOf(operand, ctx);
  if (isCollection(property)) throw refuseClause(property.name, ctx);
  return property as FilterableProperty & { type: ScalarType };
}

function compare(left: Operand, written: ComparisonOperator, right: Operand, ctx: FilterContext): QueryFilter {
  const oriented = orient(left, written, right);
  if (!oriented) throw refuseClause(operandName(left.kind === 'literal' ? right : left), ctx);
  const { subject, operator, literal } = oriented;
  if (subject.kind === 'count') return count(subject.collection, operator, literal, ctx);
  const property = scalarProperty(subject, ctx);
  const value = typedValue(property.type, literal, operator);
  if (operator === 'ne') requireAdvanced('ne', ctx);
  if (value === null) {
    if (operator !== 'eq' && operator !== 'ne') throw refuseClause(property.name, ctx);
    requireSupport(property.nullCompare, property.name, ctx);
  } else if (operator === 'eq' || operator === 'ne') {
    requireSupport(property.eq, property.name, ctx);
    checkEqLength(value, property.name, ctx);
  } else {
    requireSupport(property.range, property.name, ctx);
  }
  return { kind: 'compare', target: { kind: 'scalar', property }, operator, value };
}

/** `otherMails/$count eq 0`: advanced queries only, eq/ne with a whole number. */
function count(collection: Operand, operator: ComparisonOperator, literal: Literal, ctx: FilterContext): QueryFilter {
  const property = propertyOf(collection, ctx);
  if (!isCollection(property) || property.type === 'signInNames') throw refuseClause(property.name, ctx);
  requireAdvanced('$count', ctx);
  if (operator !== 'eq' && operator !== 'ne') throw refuseClause(property.name, ctx);
  if (literal.type !== 'number' || !literal.integer || literal.value < 0 || !Number.isSafeInteger(literal.value)) {
    throw invalidFilter(`The value of '${property.name}/$count' must be a non-negative whole number.`);
  }
  return { kind: 'count', collection: property, operator, value: literal.value };
}

function inList(node: InNode, ctx: FilterContext): QueryFilter {
  const property = scalarProperty(node.operand, ctx);
  requireSupport(property.eq, property.name, ctx);
  checkClauseCount(node.values.length, ctx);
  const values = node.values.map((literal) => {
    const value = typedValue(property.type, literal, 'in');
    if (value === null) throw refuseClause(property.name, ctx);
    checkEqLength(value, property.name, ctx);
    return value;
  });
  return { kind: 'in', target: { kind: 'scalar', property }, values };
}

function stringFunction(node: FunctionNode, ctx: FilterContext): QueryFilter {
  if (node.name === 'contains') throw unsupportedOperator('Contains');
  const [subject, argument] = node.args;
  const property = scalarProperty(subject, ctx);
  if (argument.kind !== 'literal' || argument.type !== 'string' || property.type !== 'string') {
    throw invalidFilter(
      `No function signature for the function with name '${node.name}' matches the specified arguments. ` +
      `The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
    );
  }
  if (node.name === 'endswith') {
    if (property.endsWith === undefined) throw refuseClause(property.name, ctx);
    if (property.endsWith === 'advanced') requireAdvanced('endsWith', ctx);
    return { kind: 'endsWith', target: { kind: 'scalar', property }, value: argument.value };
  }
  requireSupport(property.startsWith, property.name, ctx);
  return { kind: 'startsWith', target: { kind: 'scalar', property }, value: argument.value };
}

function lambda(node: LambdaNode, ctx: FilterContext): QueryFilter {
  const collection = propertyOf(node.collection, ctx);
  // Graph supports `any` only; `all` is refused like an unsupported clause on the collection.
  if (node.kind === 'all' || !isCollection(collection)) throw refuseClause(collection.name, ctx);
  return { kind: 'any', collection, predicate: validateLambda(node.predicate, { ...ctx, variable: node.variable, collection }) };
}
