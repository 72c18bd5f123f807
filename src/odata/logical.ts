/**
 * Builds an n-ary `and`/`or` node, splicing in operands of the same kind so that
 * `a or (b or c)` and `a or b or c` give the same tree (and chains never deepen it).
 */
export function logical<N extends { readonly kind: string }>(
  kind: 'and' | 'or',
  operands: readonly N[],
): N | { readonly kind: 'and' | 'or'; readonly operands: readonly N[] } {
  if (operands.length === 1) return operands[0];
  const flat: N[] = [];
  for (const o of operands) {
    if (o.kind === kind && 'operands' in o) for (const inner of o.operands as readonly N[]) flat.push(inner);
    else flat.push(o);
  }
  return { kind, operands: flat };
}
