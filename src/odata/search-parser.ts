import type { SearchNode, SearchTerm } from './ast.js';
import { ODataSyntaxError, messages } from './errors.js';
import { MAX_DEPTH } from './limits.js';
import { logical } from './logical.js';
import { lexSearch, type SearchToken } from './search-lexer.js';
import { checkLength } from './text-limit.js';

const PROPERTY = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*$/u;

/**
 * `$search` text on directory objects -> SearchNode.
 *
 *   search  = or END
 *   or      = and *( "OR" and )
 *   and     = primary *( [ "AND" ] primary )     ; OData's searchAndExpr: juxtaposition is AND
 *   primary = "(" or ")" / clause
 *   clause  = DQUOTE property ":" text DQUOTE    ; split at the first ':'; both parts non-empty
 *
 * Operators are upper case only, as Graph requires; lower-case `and` is an error, not a word to
 * search for, because Graph's directory search has no bare words.
 */
export function parseSearch(text: string): SearchNode {
  checkLength(text);
  return new SearchParser(text).parse();
}

class SearchParser {
  private readonly tokens: SearchToken[];
  private index = 0;
  private depth = 0;

  constructor(private readonly text: string) {
    this.tokens = lexSearch(text);
  }

  parse(): SearchNode {
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') throw this.error(messages.syntaxError(t.end, this.text), t.end, t);
    return node;
  }

  private peek(): SearchToken {
    const t = this.tokens[this.index];
    if (t.error) throw t.error;
    if (t.kind === 'word' && t.text !== 'AND' && t.text !== 'OR') {
      throw this.error(messages.searchOperator(t.text, t.start, this.text), t.start, t);
    }
    return t;
  }

  private next(): SearchToken {
    const t = this.peek();
    if (t.kind !== 'end') this.index++;
    return t;
  }

  private parseOr(): SearchNode {
    const operands = [this.parseAnd()];
    while (this.peek().text === 'OR') {
      this.next();
      operands.push(this.parseAnd());
    }
    return logical('or', operands);
  }

  private parseAnd(): SearchNode {
    const operands = [this.parsePrimary()];
    for (;;) {
      const t = this.peek();
      if (t.text === 'AND') this.next();
      else if (t.kind !== 'clause' && t.kind !== '(') break;
      operands.push(this.parsePrimary());
    }
    return logical('and', operands);
  }

  private parsePrimary(): SearchNode {
    const t = this.next();
    if (t.kind === 'clause') return this.term(t);
    if (t.kind !== '(') throw this.error(messages.expressionExpected(t.start, this.text), t.start, t);
    if (++this.depth > MAX_DEPTH) throw this.error(messages.tooDeep(MAX_DEPTH, t.start, this.text), t.start, t);
    const inner = this.parseOr();
    const close = this.next();
    if (close.kind !== ')') throw this.error(messages.closeParenOrOperator(close.start, this.text), close.start, close);
    this.depth--;
    return inner;
  }

  private term(t: SearchToken): SearchTerm {
    const content = t.value ?? '';
    const colon = content.indexOf(':');
    const property = content.slice(0, colon);
    const value = content.slice(colon + 1);
    if (colon < 0 || !PROPERTY.test(property) || value === '') {
      throw this.error(messages.searchClauseForm(t.text, t.start, this.text), t.start, t);
    }
    return { kind: 'term', property, value };
  }

  private error(message: string, position: number, token: SearchToken): ODataSyntaxError {
    return new ODataSyntaxError(message, position, token.text);
  }
}

/** Canonical text: every clause quoted and escaped, explicit AND, parentheses where OR nests in AND. */
export function printSearch(node: SearchNode): string {
  if (node.kind === 'term') return `"${escape(node.property)}:${escape(node.value)}"`;
  const joiner = node.kind === 'and' ? ' AND ' : ' OR ';
  return node.operands.map((o) => (o.kind === 'or' || o.kind === node.kind ? `(${printSearch(o)})` : printSearch(o)))
    .join(joiner);
}

const escape = (s: string): string => s.replace(/[\\"]/g, (c) => `\\${c}`);
