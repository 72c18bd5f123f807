/**
 * No directory value holds U+0000, and PostgreSQL's text cannot store it: a request value holding
 * one reached the database and failed there, a 500. Each surface refuses such a request in its own
 * error shape before its routes run (Graph's envelope, OAuth JSON, an HTML page), with this test.
 * (Graph's `$filter` and `$search` text is refused by their own lexers, with the position.)
 */
export function holdsNulCharacter(...values: unknown[]): boolean {
  // Walked with a stack of its own, not by recursion: a JSON body may nest arrays 100,000 deep.
  const pending: unknown[] = [...values];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return true;
        pending.push(v);
      }
    }
  }
  return false;
}
