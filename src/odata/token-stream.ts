import { lex, type Token } from './lexer.js';

/** A cursor over the tokens of one text; reaching a lexical error throws it. */
export class TokenStream {
  private readonly tokens: Token[];
  private index = 0;

  constructor(text: string) {
    this.tokens = lex(text);
  }

  /** The token `ahead` places on (0 = the current one); past the end, the end token. */
  peek(ahead = 0): Token {
    const t = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (t.error) throw t.error;
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }

  /** Is the current token the keyword `word` (lower case; keywords are case-insensitive)? */
  isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'identifier' && t.text.toLowerCase() === word;
  }
}
