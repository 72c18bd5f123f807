import type { SelectItem } from './ast.js';
import { ODataSyntaxError, messages } from './errors.js';
import { checkLength } from './text-limit.js';

/** A property name as the filter lexer reads one (letters or `_`, then letters, digits, `_`). */
const NAME = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*$/u;

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

/**
 * `$select` text -> items: a comma list of property names or `*`, each trimmed of spaces and tabs
 * (OData v4 part 2 §5.1.3). Empty items (`id,,mail`, a trailing comma) are refused; duplicates
 * are kept for the caller to fold.
 */
export function parseSelect(text: string): SelectItem[] {
  checkLength(text);
  const items: SelectItem[] = [];
  let start = 0;
  for (const raw of text.split(',')) {
    // Trimmed by hand: a regex like /[ \t]+$/ backtracks quadratically over long runs of blanks.
    let from = 0;
    let to = raw.length;
    while (from < to && isBlank(raw[from])) from++;
    while (to > from && isBlank(raw[to - 1])) to--;
    const term = raw.slice(from, to);
    const at = start + from;
    if (term === '') throw new ODataSyntaxError(messages.expressionExpected(at, text), at, '');
    if (term === '*') items.push({ kind: 'wildcard' });
    else if (NAME.test(term)) items.push({ kind: 'property', name: term });
    else throw new ODataSyntaxError(messages.termNotValid(term), at, term);
    start += raw.length + 1;
  }
  return items;
}
