/**
 * Recognisers for OData's unquoted literals (OData v4 ABNF, part 2 "URL Conventions" and the
 * abnf: guidValue, dateTimeOffsetValue, dateValue, decimalValue/doubleValue). Graph's filter page:
 * "GUID and DateTimeOffset values aren't enclosed in quotes in $filter expressions."
 * Each recogniser reads at `pos` and returns the literal's end, or -1 when the text there is not
 * that literal.
 */

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;
/** Shape of every date-like token; anything of this shape must be a valid date or time. */
const DATE_SHAPE = /\d{4}-\d{2}-\d{2}/y;
const DATE_TIME =
  /(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?(?:[Zz]|[+-](\d{2}):(\d{2}))/y;
const DATE = /(\d{4})-(\d{2})-(\d{2})/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** What a malformed date or time token spans, for the error message. */
const DATE_JUNK = /[0-9A-Za-z:.+-]+/y;

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

export function guidEnd(text: string, pos: number): number {
  return matchAt(GUID, text, pos) ? pos + 36 : -1;
}

export function numberEnd(text: string, pos: number): number {
  const m = matchAt(NUMBER, text, pos);
  return m ? pos + m[0].length : -1;
}

export function looksLikeDate(text: string, pos: number): boolean {
  return matchAt(DATE_SHAPE, text, pos) !== null;
}

export function junkEnd(text: string, pos: number): number {
  const m = matchAt(DATE_JUNK, text, pos);
  return m ? pos + m[0].length : pos + 1;
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));

/** A valid `yyyy-mm-ddThh:mm[:ss[.f]](Z|±hh:mm)`, or -1. */
export function dateTimeOffsetEnd(text: string, pos: number): number {
  const m = matchAt(DATE_TIME, text, pos);
  if (!m) return -1;
  const [, y, mo, d, h, mi, s, oh, om] = m;
  const ok = validDate(num(y), num(mo), num(d)) && num(h) < 24 && num(mi) < 60 && num(s) < 60 &&
    num(oh) < 24 && num(om) < 60;
  return ok ? pos + m[0].length : -1;
}

/** A valid `yyyy-mm-dd`, or -1. */
export function dateEnd(text: string, pos: number): number {
  const m = matchAt(DATE, text, pos);
  if (!m || !validDate(num(m[1]), num(m[2]), num(m[3]))) return -1;
  return pos + 10;
}
