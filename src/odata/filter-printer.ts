import type { FilterNode, Literal, Operand, PathOperand } from './ast.js';

/**
 * FilterNode -> canonical `$filter` text: lower-case keywords, single spaces around operators, no
 * space after commas, `not(...)` always parenthesised, parentheses only where precedence needs
 * them. Round trip: parseFilter(printFilter(parseFilter(x))) deep-equals parseFilter(x).
 * The printer trusts its input to be a tree the parser could have produced.
 */
export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      // `or` binds looser than `and`; a nested node of the same kind only arises in hand-built
      // trees, and parentheses keep its grouping.
      return node.operands.map((o) => (o.kind === 'or' || o.kind === node.kind ? `(${printFilter(o)})` : printFilter(o)))
        .join(` ${node.kind} `);
    case 'not':
      return `not(${printFilter(node.operand)})`;
    case 'compare':
      return `${printOperand(node.left)} ${node.operator} ${printOperand(node.right)}`;
    case 'in':
      return `${printOperand(node.operand)} in (${node.values.map(printLiteral).join(',')})`;
    case 'function':
      return `${node.name}(${node.args.map(printOperand).join(',')})`;
    case 'any':
    case 'all':
      return `${printPath(node.collection)}/${node.kind}(${node.variable}:${printFilter(node.predicate)})`;
  }
}

export function printOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'property':
    case 'variable':
      return printPath(operand);
    case 'count':
      return `${printPath(operand.collection)}/$count`;
    case 'literal':
      return printLiteral(operand);
  }
}

function printPath(path: PathOperand): string {
  return (path.kind === 'variable' ? [path.name, ...path.path] : path.path).join('/');
}

/** Strings are re-quoted with `'` doubled; other literals print as written. */
export function printLiteral(literal: Literal): string {
  switch (literal.type) {
    case 'string':
      return `'${literal.value.replaceAll("'", "''")}'`;
    case 'null':
      return 'null';
    case 'boolean':
      return String(literal.value);
    default:
      return literal.text;
  }
}
