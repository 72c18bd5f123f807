/**
 * Graph's tokenization for `$search` on directory objects (search-query-parameter, "Using $search
 * on directory object collections"): words are split at spaces, at a change from lower to upper
 * case (`HelloWorld` -> hello, world; `HELLOworld` stays one word), between letters and digits
 * (`hello123world` -> hello, 123, world) and at symbols, which are tokens themselves; words joined
 * only by symbols also yield the joined word (`hello.world` -> hello, ., world, helloworld).
 * Tokens are lower-cased. A search value is tokenized the same way, and matches when each of its
 * tokens begins some token of the property value, in any order.
 */
export function searchTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const word of text.split(/\s+/u)) {
    if (word === '') continue;
    const parts = wordParts(word);
    for (const part of parts) tokens.add(part.toLowerCase());
    const alphanumeric = parts.filter((p) => /^[\p{L}\p{M}\p{N}]/u.test(p));
    if (alphanumeric.length > 1 && alphanumeric.length < parts.length) tokens.add(alphanumeric.join('').toLowerCase());
  }
  return [...tokens];
}

type CharClass = 'letter' | 'digit' | 'symbol';

const classOf = (ch: string): CharClass => (/[\p{L}\p{M}]/u.test(ch) ? 'letter' : /\p{N}/u.test(ch) ? 'digit' : 'symbol');

/** One word -> runs of letters (split at lower->upper), runs of digits, and single symbols. */
function wordParts(word: string): string[] {
  const parts: string[] = [];
  let current = '';
  let currentClass: CharClass | undefined;
  let previous = '';
  for (const ch of word) {
    const cls = classOf(ch);
    const caseBreak = cls === 'letter' && currentClass === 'letter' && /\p{Ll}/u.test(previous) && /\p{Lu}/u.test(ch);
    if (current !== '' && (cls !== currentClass || cls === 'symbol' || caseBreak)) {
      parts.push(current);
      current = '';
    }
    current += ch;
    currentClass = cls;
    previous = ch;
  }
  if (current !== '') parts.push(current);
  return parts;
}
