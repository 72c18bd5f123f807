import { ODataSyntaxError, messages } from './errors.js';

/**
 * Tokens of a directory-object `$search` (Graph, "Use the $search query parameter": each clause
 * is "<property>:<text>" inside double quotes, `"` and `\` escaped with `\`; `AND`/`OR` upper
 * case outside the quotes; parentheses group). Errors are deferred as in lexer.ts.
 */
export interface SearchToken {
  readonly kind: 'clause' | 'word' | '(' | ')' | 'end' | 'error';
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A clause's content with escapes removed. */
  readonly value?: string;
  readonly error?: ODataSyntaxError;
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t';

export function lexSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  const fail = (error: ODataSyntaxError): SearchToken[] => {
    tokens.push({ kind: 'error', text: error.token, start: error.position, end: error.position, error });
    return tokens;
  };
  let pos = 0;
  while (pos < text.length) {
    const c = text[pos];
    if (isBlank(c)) {
      pos++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c, text: c, start: pos, end: pos + 1 });
      pos++;
    } else if (c === '"') {
      let value = '';
      let i = pos + 1;
      for (;;) {
        if (i >= text.length) {
          return fail(new ODataSyntaxError(messages.unterminatedString(text.length, text), text.length, text.slice(pos)));
        }
        const ch = text[i];
        if (ch === '"') break;
        if (ch === '\\') {
          const escaped = text[i + 1];
          if (escaped !== '"' && escaped !== '\\') {
            const sequence = text.slice(i, i + 2);
            return fail(new ODataSyntaxError(messages.invalidEscape(sequence, i, text), i, sequence));
          }
          value += escaped;
          i += 2;
        } else {
          value += ch;
          i++;
        }
      }
      tokens.push({ kind: 'clause', text: text.slice(pos, i + 1), start: pos, end: i + 1, value });
      pos = i + 1;
    } else {
      let end = pos;
      while (end < text.length && !isBlank(text[end]) && !'()"'.includes(text[end])) end++;
      tokens.push({ kind: 'word', text: text.slice(pos, end), start: pos, end });
      pos = end;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}
