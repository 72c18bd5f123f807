import type { OrderByItem } from './ast.js';
import { ODataSyntaxError, messages } from './errors.js';
import { checkLength } from './text-limit.js';
import { TokenStream } from './token-stream.js';

/**
 * `$orderby` text -> items: a comma list of `path [asc|desc]` (OData v4 part 2 §5.1.4; direction
 * case-insensitive, `asc` when omitted). Only property paths: Graph orders directory objects by
 * properties alone, and the validator decides which.
 */
export function parseOrderBy(text: string): OrderByItem[] {
  checkLength(text);
  const tokens = new TokenStream(text);
  const items: OrderByItem[] = [];
  for (;;) {
    const first = tokens.next();
    if (first.kind !== 'identifier') {
      throw new ODataSyntaxError(messages.expressionExpected(first.start, text), first.start, first.text);
    }
    const path = [first.text];
    while (tokens.peek().kind === '/') {
      tokens.next();
      const s = tokens.next();
      if (s.kind !== 'identifier') throw new ODataSyntaxError(messages.identifierExpected(s.start), s.start, s.text);
      path.push(s.text);
    }
    let direction: OrderByItem['direction'] = 'asc';
    if (tokens.isWord('asc') || tokens.isWord('desc')) direction = tokens.next().text.toLowerCase() as OrderByItem['direction'];
    items.push({ path, direction });
    const sep = tokens.next();
    if (sep.kind === 'end') return items;
    if (sep.kind !== ',') throw new ODataSyntaxError(messages.syntaxError(sep.end, text), sep.end, sep.text);
  }
}

/** Canonical text: `path` or `path desc`, joined by commas. */
export function printOrderBy(items: readonly OrderByItem[]): string {
  return items.map((i) => `${i.path.join('/')}${i.direction === 'desc' ? ' desc' : ''}`).join(',');
}
