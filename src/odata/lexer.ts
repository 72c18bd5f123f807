import { ODataSyntaxError, messages } from './errors.js';
import { dateEnd, dateTimeOffsetEnd, guidEnd, junkEnd, looksLikeDate, numberEnd } from './literals.js';

/**
 * The tokenizer shared by `$filter` and `$orderby`. It knows no keywords: `eq`, `and`, `null` are
 * identifiers that the parser reads by position, as ODataLib's ExpressionLexer does, so a property
 * may share a name with an operator. Whitespace is OData's BWS/RWS: spaces and horizontal tabs.
 * A lexical error becomes the last token; the parser throws it only when it reaches it, so an
 * earlier syntax error is reported first, as with ODataLib's on-demand lexer.
 */
export type TokenKind =
  | 'identifier' | 'system' | 'string' | 'number' | 'guid' | 'dateTimeOffset' | 'date'
  | '(' | ')' | ',' | '/' | ':' | 'end' | 'error';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A string literal's value, quotes removed and `''` unescaped. */
  readonly value?: string;
  /** For kind 'error': what to throw on reaching it. */
  readonly error?: ODataSyntaxError;
}

/** Letters, `_`, then letters, digits, combining marks and connectors; dotted parts for qualified names. */
const IDENTIFIER =
  /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*(?:\.[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]*)*/uy;
const IDENTIFIER_CHAR = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]/u;
const PUNCTUATION = new Set(['(', ')', ',', '/', ':']);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHexLetter = (c: string): boolean => (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const push = (kind: TokenKind, end: number, value?: string): void => {
    tokens.push({ kind, text: text.slice(pos, end), start: pos, end, value });
    pos = end;
  };
  const fail = (error: ODataSyntaxError): Token[] => {
    tokens.push({ kind: 'error', text: error.token, start: error.position, end: error.position, error });
    return tokens;
  };
  const invalidAt = (at: number): Token[] => {
    const ch = String.fromCodePoint(text.codePointAt(at) ?? 0);
    return fail(new ODataSyntaxError(messages.invalidCharacter(ch, at, text), at, ch));
  };
  /** An unquoted literal must not run straight into a name: `1eq`, `2021-01-01x`. */
  const boundary = (end: number): boolean => end >= text.length || !IDENTIFIER_CHAR.test(text[end]);

  while (pos < text.length) {
    const c = text[pos];
    if (c === ' ' || c === '\t') {
      pos++;
    } else if (PUNCTUATION.has(c)) {
      push(c as TokenKind, pos + 1);
    } else if (c === "'") {
      let i = pos + 1;
      let value = '';
      for (;;) {
        const close = text.indexOf("'", i);
        if (close < 0) {
          return fail(new ODataSyntaxError(messages.unterminatedString(text.length, text), text.length, text.slice(pos)));
        }
        value += text.slice(i, close);
        if (text[close + 1] !== "'") {
          push('string', close + 1, value);
          break;
        }
        value += "'";
        i = close + 2;
      }
    } else if (isDigit(c) || (c === '-' && isDigit(text[pos + 1] ?? ''))) {
      let end = isDigit(c) ? guidEnd(text, pos) : -1;
      let kind: TokenKind = 'guid';
      if (end < 0 && isDigit(c) && looksLikeDate(text, pos)) {
        const isDateTime = /[Tt]/.test(text[pos + 10] ?? '');
        end = isDateTime ? dateTimeOffsetEnd(text, pos) : dateEnd(text, pos);
        kind = isDateTime ? 'dateTimeOffset' : 'date';
        if (end < 0) {
          const junk = text.slice(pos, junkEnd(text, pos));
          const type = isDateTime ? 'Edm.DateTimeOffset' : 'Edm.Date';
          return fail(new ODataSyntaxError(messages.unrecognizedLiteral(type, junk, pos, text), pos, junk));
        }
      }
      if (end < 0) {
        end = numberEnd(text, pos);
        kind = 'number';
      }
      if (!boundary(end)) return invalidAt(end);
      push(kind, end);
    } else if (c === '$') {
      IDENTIFIER.lastIndex = pos + 1;
      const m = IDENTIFIER.exec(text);
      if (!m) return invalidAt(pos);
      push('system', pos + 1 + m[0].length);
    } else {
      const end = isHexLetter(c) ? guidEnd(text, pos) : -1;
      if (end >= 0 && boundary(end)) {
        push('guid', end);
        continue;
      }
      IDENTIFIER.lastIndex = pos;
      const m = IDENTIFIER.exec(text);
      if (!m) return invalidAt(pos);
      push('identifier', pos + m[0].length);
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}
