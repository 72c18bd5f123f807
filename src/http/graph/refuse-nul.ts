import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../domain/errors.js';

/**
 * No directory value holds U+0000, and PostgreSQL's text cannot store it: a body or path string
 * holding one failed in the database, a 500. It is refused before any route runs, as a bad value.
 * (`$filter` and `$search` text is refused by their own lexers.)
 */
export function refuseNulCharacters(request: FastifyRequest): void {
  // A $batch body holds its items' bodies: each item is answered for itself when it runs.
  if (request.routeOptions.url?.endsWith('/$batch')) return;
  if (holdsNul(request.params) || holdsNul(request.body)) {
    throw badRequest('The request holds the character U+0000 in a value or in its path; no property accepts it.');
  }
}

/** Walked with a stack of its own, not by recursion: a body may nest arrays 100,000 deep. */
function holdsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
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
