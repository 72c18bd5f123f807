import type { ComparisonOperator, FilterNode, FunctionNode, Literal, Operand } from '../../odata/index.js';
import {
  checkClauseCount, checkEqLength, operandName, orient, refuseClause, requireAdvanced, requireSupport, type FilterContext,
} from './filter-checks.js';
import { objectField, type FilterableProperty } from './filterable-properties.js';
import { invalidFilter, unsupportedOperator } from './query-errors.js';
import { typedValue } from './typed-literal.js';
import type { QueryFilter, QueryValue, Target } from './user-query.js';

export interface LambdaContext extends FilterContext {
  /** The range variable (`x` in `otherMails/any(x: …)`), matched case-sensitively. */
  readonly variable: string;
  readonly collection: FilterableProperty;
}

/**
 * The predicate of `collection/any(x: …)`. On a string collection (and signInNames) it tests the
 * element itself (`x eq 'a'`, `startsWith(x,'a')`, `x in (…)`); on a collection of objects it tests
 * their listed fields (`c/issuer eq 'contoso.com' and c/issuerAssignedId eq 'a@b.c'`,
 * `startsWith(t/displayName,'a')` where the field allows it). Predicates combine with and/or;
 * `not` and `ne` need advanced queries as everywhere; lambdas do not nest.
 */
export function validateLambda(node: FilterNode, ctx: LambdaContext): QueryFilter {
  switch (node.kind) {
    case 'and':
    case 'or':
      if (node.kind === 'or') checkClauseCount(node.operands.length, ctx);
      return { kind: node.kind, operands: node.operands.map((o) => validateLambda(o, ctx)) };
    case 'not':
      requireAdvanced('not', ctx);
      return { kind: 'not', operand: validateLambda(node.operand, ctx) };
    case 'compare':
      return compare(node.left, node.operator, node.right, ctx);
    case 'in': {
      const target = targetOf(node.operand, ctx);
      checkClauseCount(node.values.length, ctx);
      requireSupport(ctx.collection.eq, ctx.collection.name, ctx);
      const values = node.values.map((literal) => {
        const value = elementValue(target, literal, 'in', ctx);
        if (value === null) throw refuseClause(ctx.collection.name, ctx);
        return value;
      });
      return { kind: 'in', target, values };
    }
    case 'function':
      return stringFunction(node, ctx);
    case 'any':
    case 'all':
      throw refuseClause(operandName(node.collection), ctx);
  }
}

/** `x` on a string collection, `c/issuer` (any case) on a collection of objects; anything else is refused. */
function targetOf(operand: Operand, ctx: LambdaContext): Target {
  const { collection } = ctx;
  if (operand.kind !== 'variable' || operand.name !== ctx.variable) throw refuseClause(operandName(operand), ctx);
  if (collection.fields) {
    const field = operand.path.length === 1 ? objectField(collection, operand.path[0]) : undefined;
    if (!field) throw refuseClause(`${collection.name}/${operand.path.join('/')}`, ctx);
    return { kind: 'field', collection, field: field.name };
  }
  if (operand.path.length !== 0) throw refuseClause(`${collection.name}/${operand.path.join('/')}`, ctx);
  return { kind: 'element', collection };
}

/** Elements and object fields are strings; object fields may be compared with null. */
function elementValue(target: Target, literal: Literal, operator: ComparisonOperator | 'in', ctx: LambdaContext): QueryValue {
  const value = typedValue('string', literal, operator);
  if (value === null && target.kind !== 'field') throw refuseClause(ctx.collection.name, ctx);
  checkEqLength(value, ctx.collection.name, ctx);
  return value;
}

function compare(left: Operand, written: ComparisonOperator, right: Operand, ctx: LambdaContext): QueryFilter {
  const oriented = orient(left, written, right);
  if (!oriented || oriented.subject.kind === 'count') throw refuseClause(ctx.collection.name, ctx);
  const { subject, operator, literal } = oriented;
  const target = targetOf(subject, ctx);
  const value = elementValue(target, literal, operator, ctx);
  const { collection } = ctx;
  if (operator === 'ne') requireAdvanced('ne', ctx);
  if (operator === 'eq' || operator === 'ne') {
    requireSupport(collection.eq, collection.name, ctx);
  } else {
    // Ranges apply to plain string elements only (object fields and sign-in names: eq only).
    if (target.kind !== 'element' || collection.type !== 'stringCollection') throw refuseClause(collection.name, ctx);
    requireSupport(collection.range, collection.name, ctx);
  }
  return { kind: 'compare', target, operator, value };
}

function stringFunction(node: FunctionNode, ctx: LambdaContext): QueryFilter {
  if (node.name === 'contains') throw unsupportedOperator('Contains');
  const { collection } = ctx;
  const [subject, argument] = node.args;
  const target = targetOf(subject, ctx);
  if (argument.kind !== 'literal' || argument.type !== 'string') {
    throw invalidFilter(
      `No function signature for the function with name '${node.name}' matches the specified arguments. ` +
      `The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`,
    );
  }
  if (target.kind === 'field') {
    // Object fields: startsWith where the field allows it (an audit target's displayName), never endsWith.
    const field = objectField(collection, target.field);
    if (node.name === 'endswith') throw refuseClause(collection.name, ctx);
    requireSupport(field?.startsWith, collection.name, ctx);
    return { kind: 'startsWith', target, value: argument.value };
  }
  if (target.kind !== 'element' || collection.type !== 'stringCollection') throw refuseClause(collection.name, ctx);
  if (node.name === 'endswith') {
    if (collection.endsWith === undefined) throw refuseClause(collection.name, ctx);
    if (collection.endsWith === 'advanced') requireAdvanced('endsWith', ctx);
    return { kind: 'endsWith', target, value: argument.value };
  }
  requireSupport(collection.startsWith, collection.name, ctx);
  return { kind: 'startsWith', target, value: argument.value };
}
