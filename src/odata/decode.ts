import { ODataSyntaxError, messages } from './errors.js';
import { MAX_TEXT_LENGTH } from './limits.js';

/**
 * Encoded space, double quote, single quote, parentheses and comma: the punctuation of every query
 * option. Still present after one decoding, they mean the client encoded the value twice.
 */
const DOUBLE_ENCODED = /%(?:20|22|27|28|29|2C)/i;

/**
 * A raw query-string value (as it appears between `=` and `&`) -> the text the parsers read.
 *
 * 1. `+` becomes a space (application/x-www-form-urlencoded, which Graph's SDKs and browsers use),
 *    then percent-decoding as UTF-8. A literal plus must be sent as `%2B`, as Graph's docs say.
 * 2. Clients sometimes encode twice (`%2527` for `'`). When the decoded text still holds an encoded
 *    space, quote, parenthesis or comma, it is decoded once more; if that second decoding fails, the
 *    first result stands. The price: a value that really contains the text `%27` must be sent
 *    encoded three times. Graph's documented queries never contain such text.
 *
 * Malformed percent-encoding (`%`, `%G1`, bytes that are not UTF-8) is an ODataSyntaxError.
 */
export function decodeQueryValue(raw: string): string {
  // Each decoded character takes at most three encoded ones (`%XX`); anything longer can only
  // decode to text the parsers refuse, so it is refused before any work.
  if (raw.length > 3 * MAX_TEXT_LENGTH) {
    throw new ODataSyntaxError(messages.tooLong(raw.length, 3 * MAX_TEXT_LENGTH), 3 * MAX_TEXT_LENGTH, '');
  }
  const once = decode(raw.replaceAll('+', ' '));
  if (!DOUBLE_ENCODED.test(once)) return once;
  try {
    return decodeURIComponent(once);
  } catch {
    return once;
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    const at = firstBadEscape(text);
    throw new ODataSyntaxError(messages.badPercentEncoding(at), at, text.slice(at, at + 3));
  }
}

/**
 * Where decoding fails: the first `%` without two hex digits, or the start of the first run of
 * escapes that is not UTF-8. Runs are checked one by one (a UTF-8 sequence can't span plain
 * characters), so this stays linear.
 */
function firstBadEscape(text: string): number {
  const runs = /(?:%[0-9a-fA-F]{2})+|%/g;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    if (m[0] === '%') return m.index;
    try {
      decodeURIComponent(m[0]);
    } catch {
      return m.index;
    }
  }
  return 0;
}
