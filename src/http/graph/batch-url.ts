import { DomainError } from '../../domain/errors.js';
import type { ApiVersion } from './user-json.js';

/** Any origin works: it only anchors the WHATWG parser, and a resolved URL must keep it. */
const ANCHOR = new URL('http://batch.portico.invalid');

const batchError = (message: string) => new DomainError('BadRequest', 'BadRequest', message);

/** Quotes client text in a message, cut short so an error never echoes a whole payload. */
export const quote = (text: string) => `'${text.length > 200 ? `${text.slice(0, 200)}…` : text}'`;

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

/**
 * Turns a batch item's `url` into the path and query the item is dispatched to, under the batch's
 * own version. Graph's items are relative to the version (`/users`, `users?$top=1`; json-batching,
 * "url": "while the absolute URL is https://graph.microsoft.com/v1.0/users, this url is /users").
 *
 * The URL is resolved with the WHATWG parser, the same one `inject` uses, and must still lie under
 * `/{version}/` afterwards: `..`, `%2e%2e` and backslashes cannot reach the token endpoint, the
 * redemption pages or another version. Spaces and other characters a client left unencoded (the
 * docs' own sample has `$filter=city eq null`) are percent-encoded by the parser.
 */
export function resolveItemUrl(id: string, url: string, version: ApiVersion): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(url) || /^[/\\]{2}/.test(url)) {
    throw batchError(`Request ${quote(id)} has the url ${quote(url)}; it must be relative to the batch's version, e.g. '/users'.`);
  }
  const prefix = `/${version}/`;
  let resolved: URL;
  try {
    resolved = new URL(`${prefix}${url.replace(/^[/\\]/, '')}`, ANCHOR);
  } catch {
    throw batchError(`Request ${quote(id)} has the url ${quote(url)}, which is not a valid URL.`);
  }
  if (resolved.origin !== ANCHOR.origin || !resolved.pathname.startsWith(prefix)) {
    throw batchError(`Request ${quote(id)} has the url ${quote(url)}, which points outside the batch's version.`);
  }
  const first = decodeSafe(resolved.pathname.slice(prefix.length).split('/')[0]).toLowerCase();
  if (first === '$batch') throw nestedBatch(id);
  return `${resolved.pathname}${resolved.search}`;
}

export const nestedBatch = (id?: string) =>
  batchError(`${id === undefined ? 'A request' : `Request ${quote(id)}`} is itself a $batch; batches cannot be nested.`);
