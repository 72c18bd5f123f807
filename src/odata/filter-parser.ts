import type {
  ComparisonOperator, FilterNode, FunctionName, LambdaNode, Literal, Operand, PathOperand,
} from './ast.js';
import { ODataSyntaxError, messages } from './errors.js';
import { MAX_DEPTH, MAX_IN_VALUES } from './limits.js';
import { TokenStream } from './token-stream.js';
import type { Token } from './lexer.js';
import { logical } from './logical.js';
import { checkLength } from './text-limit.js';

/**
 * `$filter` text -> FilterNode. Grammar (OData v4 part 2 §5.1.1, restricted to what Graph
 * documents for directory objects), lowest precedence first; keywords are case-insensitive
 * as Graph accepts `NOT`, `OR`, `startsWith`:
 *
 *   filter    = or END
 *   or        = and *( "or" and )
 *   and       = unary *( "and" unary )
 *   unary     = "not" unary / predicate        ; `not` binds tighter than comparison, so its
 *                                             ; operand is a primary: not(...), not f(...), not c/any(...)
 *   predicate = "(" or ")" / function / lambda
 *             / operand cmp operand / operand "in" "(" literal *( "," literal ) ")"
 *   function  = ( "startswith" / "endswith" / "contains" ) "(" operand "," operand ")"
 *   lambda    = path "/" ( "any" / "all" ) "(" identifier ":" or ")"
 *   operand   = literal / path [ "/$count" ]
 *   path      = identifier *( "/" identifier )
 */
export function parseFilter(text: string): FilterNode {
  checkLength(text);
  return new FilterParser(text).parse();
}

const COMPARISON = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set<string>(['startswith', 'endswith', 'contains']);
/** Words that are never a property where an operand is expected. */
const RESERVED = new Set<string>([...COMPARISON, 'and', 'or', 'not', 'in']);
const SIGNATURE = (name: string) => `${name}(Edm.String Nullable=true, Edm.String Nullable=true)`;

class FilterParser {
  private readonly tokens: TokenStream;
  private depth = 0;
  /** Lambda variables in scope, innermost last. */
  private readonly scope: string[] = [];

  constructor(private readonly text: string) {
    this.tokens = new TokenStream(text);
  }

  parse(): FilterNode {
    const node = this.parseOr();
    const t = this.tokens.peek();
    // ODataLib reports text left after a complete expression at the end of its first token.
    if (t.kind !== 'end') throw this.error(messages.syntaxError(t.end, this.text), t.end, t);
    return node;
  }

  private parseOr(): FilterNode {
    const operands = [this.parseAnd()];
    while (this.tokens.isWord('or')) {
      this.tokens.next();
      operands.push(this.parseAnd());
    }
    return logical('or', operands);
  }

  private parseAnd(): FilterNode {
    const operands = [this.parseUnary()];
    while (this.tokens.isWord('and')) {
      this.tokens.next();
      operands.push(this.parseUnary());
    }
    return logical('and', operands);
  }

  private parseUnary(): FilterNode {
    if (!this.tokens.isWord('not')) return this.parsePredicate();
    this.tokens.next();
    this.enter();
    const operand = this.tokens.isWord('not') ? this.parseUnary() : this.parsePrimary();
    this.depth--;
    return { kind: 'not', operand };
  }

  /** What `not` may negate: a parenthesised expression, a function call or a lambda. */
  private parsePrimary(): FilterNode {
    const t = this.tokens.peek();
    if (t.kind === '(' || this.isFunctionCall()) return this.parsePredicate();
    if (t.kind === 'identifier' && !RESERVED.has(t.text.toLowerCase())) {
      const operand = this.parseOperand(true);
      if (!('predicate' in operand)) throw this.error(messages.openParenExpected(t.start, this.text), t.start, t);
      return operand;
    }
    const message = t.kind === 'end' ? messages.expressionExpected : messages.openParenExpected;
    throw this.error(message(t.start, this.text), t.start, t);
  }

  private parsePredicate(): FilterNode {
    const t = this.tokens.peek();
    if (t.kind === '(') {
      this.tokens.next();
      this.enter();
      const inner = this.parseOr();
      this.expectClose();
      this.depth--;
      return inner;
    }
    if (this.isFunctionCall()) return this.parseFunction();
    const left = this.parseOperand(true);
    if ('predicate' in left) return left;
    const op = this.tokens.peek();
    const word = op.kind === 'identifier' ? op.text.toLowerCase() : '';
    if (COMPARISON.has(word)) {
      this.tokens.next();
      return { kind: 'compare', operator: word as ComparisonOperator, left, right: this.parseValue() };
    }
    if (word === 'in') {
      this.tokens.next();
      return { kind: 'in', operand: left, values: this.parseInList() };
    }
    throw this.operatorExpected(op);
  }

  /** After a complete operand: at top level ODataLib says "Syntax error", inside parentheses it asks for ')'. */
  private operatorExpected(t: Token): ODataSyntaxError {
    if (this.depth === 0) return this.error(messages.syntaxError(t.end, this.text), t.end, t);
    return this.error(messages.closeParenOrOperator(t.start, this.text), t.start, t);
  }

  private expectClose(): void {
    const t = this.tokens.peek();
    if (t.kind !== ')') throw this.error(messages.closeParenOrOperator(t.start, this.text), t.start, t);
    this.tokens.next();
  }

  private isFunctionCall(): boolean {
    const t = this.tokens.peek();
    return t.kind === 'identifier' && !t.text.includes('.') && this.tokens.peek(1).kind === '(' &&
      !RESERVED.has(t.text.toLowerCase());
  }

  private parseFunction(): FilterNode {
    const nameToken = this.tokens.next();
    const name = nameToken.text.toLowerCase();
    if (!FUNCTIONS.has(name)) throw this.error(messages.unknownFunction(nameToken.text), nameToken.start, nameToken);
    this.tokens.next();
    const args: Operand[] = [];
    if (this.tokens.peek().kind !== ')') {
      for (;;) {
        args.push(this.parseValue());
        const t = this.tokens.peek();
        if (t.kind === ')') break;
        if (t.kind !== ',') throw this.error(messages.closeParenOrComma(t.start, this.text), t.start, t);
        this.tokens.next();
      }
    }
    this.tokens.next();
    if (args.length !== 2) {
      throw this.error(messages.noFunctionSignature(name, SIGNATURE(name)), nameToken.start, nameToken);
    }
    return { kind: 'function', name: name as FunctionName, args: [args[0], args[1]] };
  }

  private parseInList(): Literal[] {
    const open = this.tokens.peek();
    if (open.kind !== '(') throw this.error(messages.openParenExpected(open.start, this.text), open.start, open);
    this.tokens.next();
    const values: Literal[] = [];
    for (;;) {
      const t = this.tokens.peek();
      const literal = this.literal(t);
      if (!literal) {
        const message = t.kind === ')' || t.kind === ',' || t.kind === 'end'
          ? messages.expressionExpected(t.start, this.text)
          : messages.literalExpected(t.start, this.text);
        throw this.error(message, t.start, t);
      }
      if (values.length === MAX_IN_VALUES) {
        throw this.error(messages.tooManyValues(MAX_IN_VALUES, t.start, this.text), t.start, t);
      }
      this.tokens.next();
      values.push(literal);
      const sep = this.tokens.next();
      if (sep.kind === ')') return values;
      if (sep.kind !== ',') throw this.error(messages.closeParenOrComma(sep.start, this.text), sep.start, sep);
    }
  }

  /** An operand where a lambda is not allowed (right of a comparison, function argument). */
  private parseValue(): Operand {
    const start = this.tokens.peek();
    const operand = this.parseOperand(false);
    if ('predicate' in operand) throw this.error(messages.syntaxError(start.start, this.text), start.start, start);
    return operand;
  }

  /** A literal, a path, `path/$count`, or (when allowed) `path/any(...)`. */
  private parseOperand(allowLambda: boolean): Operand | LambdaNode {
    const t = this.tokens.peek();
    const literal = this.literal(t);
    if (literal) {
      this.tokens.next();
      return literal;
    }
    if (t.kind !== 'identifier' || RESERVED.has(t.text.toLowerCase())) {
      throw this.error(messages.expressionExpected(t.start, this.text), t.start, t);
    }
    this.tokens.next();
    const segments = [t.text];
    while (this.tokens.peek().kind === '/') {
      this.tokens.next();
      const s = this.tokens.next();
      const word = s.text.toLowerCase();
      if (s.kind === 'identifier' && (word === 'any' || word === 'all') && this.tokens.peek().kind === '(') {
        if (!allowLambda) throw this.error(messages.syntaxError(s.start, this.text), s.start, s);
        return this.parseLambda(word, this.path(segments));
      }
      if (s.kind === 'system' && word === '$count') return { kind: 'count', collection: this.path(segments) };
      if (s.kind !== 'identifier') throw this.error(messages.identifierExpected(s.start), s.start, s);
      segments.push(s.text);
    }
    return this.path(segments);
  }

  private path(segments: string[]): PathOperand {
    const [first, ...rest] = segments;
    return this.scope.includes(first) ? { kind: 'variable', name: first, path: rest } : { kind: 'property', path: segments };
  }

  private parseLambda(kind: 'any' | 'all', collection: PathOperand): LambdaNode {
    this.tokens.next();
    this.enter();
    const v = this.tokens.next();
    if (v.kind !== 'identifier' || v.text.includes('.') || RESERVED.has(v.text.toLowerCase())) {
      throw this.error(messages.identifierExpected(v.start), v.start, v);
    }
    if (this.scope.includes(v.text)) throw this.error(messages.rangeVariableDeclared(v.text), v.start, v);
    const colon = this.tokens.next();
    if (colon.kind !== ':') throw this.error(messages.colonExpected(colon.start, this.text), colon.start, colon);
    this.scope.push(v.text);
    const predicate = this.parseOr();
    this.scope.pop();
    this.expectClose();
    this.depth--;
    return { kind, collection, variable: v.text, predicate };
  }

  private literal(t: Token): Literal | undefined {
    switch (t.kind) {
      case 'string': return { kind: 'literal', type: 'string', value: t.value ?? '' };
      case 'number': return { kind: 'literal', type: 'number', text: t.text, value: Number(t.text), integer: /^-?\d+$/.test(t.text) };
      case 'guid': return { kind: 'literal', type: 'guid', text: t.text };
      case 'dateTimeOffset': return { kind: 'literal', type: 'dateTimeOffset', text: t.text };
      case 'date': return { kind: 'literal', type: 'date', text: t.text };
      case 'identifier': break;
      default: return undefined;
    }
    switch (t.text.toLowerCase()) {
      case 'null': return { kind: 'literal', type: 'null' };
      case 'true': return { kind: 'literal', type: 'boolean', value: true };
      case 'false': return { kind: 'literal', type: 'boolean', value: false };
      default: return undefined;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      const t = this.tokens.peek();
      throw this.error(messages.tooDeep(MAX_DEPTH, t.start, this.text), t.start, t);
    }
  }

  private error(message: string, position: number, token: Token): ODataSyntaxError {
    return new ODataSyntaxError(message, position, token.text);
  }
}
