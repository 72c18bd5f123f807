import { LiteralSyntaxError } from './literal-errors.js';

/** What a PowerShell literal (or JSON) evaluates to here: plain JSON values. */
export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal };

/**
 * Parses the literal forms a Graph PowerShell user writes for hashtable and array parameters
 * (about_Hash_Tables, about_Arrays, about_Quoting_Rules):
 *
 *   @{ Key = value; Other = "text" }   entries split by `;` or newlines, keys bare or quoted
 *   @( a, b ) and a, b                 arrays (commas, `;` or newlines inside `@( )`)
 *   'it''s'  "say ""hi"" `n"           single quotes are literal ('' is one quote); double
 *                                      quotes take `` ` `` escapes and "" (no variable expansion)
 *   $true $false $null, 42, -1.5, 0x1F
 *
 * Text starting with `{` or `[` is read as JSON instead, so `-BodyParameter` accepts both.
 * Hashtable keys are unique case-insensitively, as in PowerShell.
 */
export function parseLiteral(text: string): Literal {
  const trimmed = text.trim();
  if (trimmed === '') throw new LiteralSyntaxError('the value is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJson(trimmed);
  const p = new Parser(text);
  const value = p.list(() => false);
  p.skipSpace(true);
  if (!p.done()) p.fail(`unexpected '${p.peek()}' after the value`);
  return value;
}

function parseJson(text: string): Literal {
  try {
    return JSON.parse(text) as Literal;
  } catch (err) {
    throw new LiteralSyntaxError(`invalid JSON: ${(err as Error).message}`);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };
const BARE = /[A-Za-z0-9_.-]/;

class Parser {
  private i = 0;
  /** Whether the last list() made its array from commas (`@(1, 2)` holds two items, not one). */
  private commaList = false;
  constructor(private readonly s: string) {}

  done(): boolean { return this.i >= this.s.length; }
  peek(): string { return this.s[this.i] ?? ''; }
  fail(message: string, at = this.i): never { throw new LiteralSyntaxError(message, at + 1); }

  /** Skips blanks and `#` comments; newlines too when `newlines` (they separate entries otherwise). */
  skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.i++;
      else if (c === '#') while (!this.done() && this.peek() !== '\n') this.i++;
      else return;
    }
  }

  /** `a, b, c` — PowerShell's comma operator makes an array; one item stays a scalar. */
  list(stop: () => boolean): Literal {
    this.skipSpace(false);
    const first = this.value();
    const items: Literal[] = [first];
    for (;;) {
      this.skipSpace(false);
      if (this.peek() !== ',' || stop()) break;
      this.i++;
      this.skipSpace(true);
      items.push(this.value());
    }
    this.commaList = items.length > 1;
    return this.commaList ? items : first;
  }

  value(): Literal {
    this.skipSpace(false);
    const c = this.peek();
    if (c === '') this.fail('a value is missing');
    if (c === '@' && this.s[this.i + 1] === '{') return this.hashtable();
    if (c === '@' && this.s[this.i + 1] === '(') return this.array();
    if (c === "'") return this.singleQuoted();
    if (c === '"') return this.doubleQuoted();
    if (c === '$') return this.variable();
    if (c === '(') this.fail('sub-expressions ( ) are not supported; use @( ) for an array');
    if (c === '{') this.fail('a script block { } is not a value; a hashtable is written @{ }');
    return this.numberOrBareword();
  }

  private hashtable(): Literal {
    const open = this.i;
    this.i += 2;
    const out: Record<string, Literal> = {};
    const seen = new Map<string, string>();
    for (;;) {
      this.skipSeparators();
      if (this.done()) this.fail("missing '}' to close the hashtable opened", open);
      if (this.peek() === '}') { this.i++; return out; }
      const keyAt = this.i;
      const key = this.key();
      this.skipSpace(false);
      if (this.peek() !== '=') this.fail(`missing '=' after the key '${key}' in the hashtable`);
      this.i++;
      this.skipSpace(true);
      if (this.done() || this.peek() === '}' || this.peek() === ';') this.fail(`missing a value after '${key} ='`);
      const value = this.list(() => false);
      const lower = key.toLowerCase();
      if (seen.has(lower)) this.fail(`duplicate keys '${key}' are not allowed in a hashtable`, keyAt);
      seen.set(lower, key);
      out[key] = value;
      this.skipSpace(false);
      const next = this.peek();
      if (next !== ';' && next !== '\n' && next !== '\r' && next !== '}' && next !== '') {
        this.fail(`unexpected '${next}' after the value of '${key}': separate entries with ';'`);
      }
    }
  }

  private array(): Literal {
    const open = this.i;
    this.i += 2;
    const out: Literal[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.done()) this.fail("missing ')' to close the array opened", open);
      if (this.peek() === ')') { this.i++; return out; }
      const item = this.list(() => false);
      if (this.commaList && Array.isArray(item)) out.push(...item); else out.push(item);
      this.skipSpace(false);
      const next = this.peek();
      if (next !== ';' && next !== '\n' && next !== '\r' && next !== ')' && next !== '') {
        this.fail(`unexpected '${next}' in the array: separate items with ','`);
      }
    }
  }

  private skipSeparators(): void {
    for (;;) {
      this.skipSpace(true);
      if (this.peek() === ';') this.i++;
      else return;
    }
  }

  private key(): string {
    const c = this.peek();
    if (c === "'") return this.singleQuoted();
    if (c === '"') return this.doubleQuoted();
    const start = this.i;
    while (!this.done() && BARE.test(this.peek())) this.i++;
    if (this.i === start) this.fail(c === '' ? 'a hashtable key is missing' : `unexpected '${c}' where a hashtable key belongs`);
    return this.s.slice(start, this.i);
  }

  private singleQuoted(): string {
    const open = this.i++;
    let out = '';
    for (;;) {
      if (this.done()) this.fail('missing the closing \' of the string opened', open);
      const c = this.s[this.i++];
      if (c === "'") {
        if (this.peek() === "'") { out += "'"; this.i++; continue; }
        return out;
      }
      out += c;
    }
  }

  private doubleQuoted(): string {
    const open = this.i++;
    let out = '';
    for (;;) {
      if (this.done()) this.fail('missing the closing " of the string opened', open);
      const c = this.s[this.i++];
      if (c === '"') {
        if (this.peek() === '"') { out += '"'; this.i++; continue; }
        return out;
      }
      if (c === '`') {
        if (this.done()) this.fail('a backtick at the end of a string escapes nothing', this.i - 1);
        const e = this.s[this.i++];
        out += ESCAPES[e] ?? e;
        continue;
      }
      out += c;
    }
  }

  private variable(): Literal {
    const start = this.i++;
    while (!this.done() && /[A-Za-z0-9_:]/.test(this.peek())) this.i++;
    const name = this.s.slice(start + 1, this.i).toLowerCase();
    if (name === 'true') return true;
    if (name === 'false') return false;
    if (name === 'null') return null;
    return this.fail(`variables such as '$${name}' have no value outside PowerShell; write the value itself`, start);
  }

  private numberOrBareword(): Literal {
    const start = this.i;
    while (!this.done() && BARE.test(this.peek())) this.i++;
    const word = this.s.slice(start, this.i);
    if (word === '') this.fail(`unexpected '${this.peek()}'`);
    if (/^[-+]?0x[0-9a-f]+$/i.test(word)) return Number.parseInt(word, 16);
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(word)) return Number(word);
    return this.fail(`'${word}' is not a value: put text in quotes ('${word}')`, start);
  }
}
