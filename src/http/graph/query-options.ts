import { DomainError } from '../../domain/errors.js';
import { decodeQueryValue, ODataSyntaxError } from '../../odata/index.js';

/** Graph's query options for user collections and single users, decoded. */
export interface UserQueryOptions {
  select?: string;
  filter?: string;
  orderBy?: string;
  search?: string;
  /** `$count=true`. */
  count: boolean;
  top: number;
  skiptoken?: string;
}

const unsupported = (message: string) => new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', message);
const bad = (message: string) => new DomainError('BadRequest', 'Request_BadRequest', message);

const KNOWN = new Set(['$select', '$top', '$skiptoken', '$count', '$filter', '$orderby', '$search']);
/** Options that only make sense on a collection. */
const COLLECTION_ONLY = new Set(['$top', '$skiptoken', '$count', '$filter', '$orderby', '$search']);

/**
 * Reads the query options from the raw request URL rather than Fastify's parsed query, so that
 * each value is decoded exactly once by odata's decodeQueryValue: `+` as a space, percent-encoding,
 * and values a client encoded twice (graph-spec §2.4; odata/decode.ts). Names are case-insensitive;
 * beta also accepts them without the `$`. Other parameters (`client-request-id`, …) are ignored.
 */
export function readQueryOptions(url: string, version: 'v1.0' | 'beta', collection: boolean, resource: QueriedResource = USERS): UserQueryOptions {
  const opts = new Map<string, string>();
  for (const [rawName, rawValue] of pairs(url)) {
    let name = decodeName(rawName).toLowerCase();
    if (version === 'beta' && !name.startsWith('$') && (KNOWN.has(`$${name}`) || name === 'skip' || name === 'expand')) name = `$${name}`;
    if (!name.startsWith('$')) continue;
    if (opts.has(name)) throw bad(`Query option '${rawName}' was specified more than once.`);
    if (name === '$skip') throw unsupported("'$skip' is not supported by the service.");
    // `$expand` arrives with the navigation properties; Graph refuses it in advanced queries anyway.
    if (name === '$expand') throw unsupported(`Query option '${rawName}' is not supported by this server yet.`);
    if (!KNOWN.has(name)) throw bad(`Query option '${rawName}' is not supported.`);
    if (!collection && COLLECTION_ONLY.has(name)) throw bad(`Query option '${name}' is not allowed on a single ${resource.item}.`);
    opts.set(name, decodeValue(rawValue));
  }
  return {
    select: opts.get('$select'),
    filter: opts.get('$filter'),
    orderBy: opts.get('$orderby'),
    search: opts.get('$search'),
    count: countOption(opts.get('$count')),
    top: topOption(opts.get('$top'), resource.pageSize),
    skiptoken: opts.get('$skiptoken'),
  };
}

function* pairs(url: string): Generator<[string, string]> {
  const q = url.indexOf('?');
  if (q < 0) return;
  for (const part of url.slice(q + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    yield eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  }
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    throw bad(`The query option name '${raw}' is not correctly percent-encoded.`);
  }
}

function decodeValue(raw: string): string {
  try {
    return decodeQueryValue(raw);
  } catch (err) {
    if (err instanceof ODataSyntaxError) throw bad(err.message);
    throw err;
  }
}

/** ODataLib's wording for a `$count` that is not a boolean. */
function countOption(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (value !== 'true' && value !== 'false') throw bad(`'${raw}' is not a valid count option.`);
  return value === 'true';
}

/** `$top`'s default and largest value for a collection. */
export interface PageSize { readonly default: number; readonly max: number }

/** What the options are read for: its page sizes, and what one item is called in messages. */
export interface QueriedResource { readonly pageSize: PageSize; readonly item: string }

/** Users: 100 a page by default, at most 999 (graph-spec §2.4). */
export const USERS: QueriedResource = { pageSize: { default: 100, max: 999 }, item: 'user' };

function topOption(raw: string | undefined, size: PageSize): number {
  if (raw === undefined) return size.default;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > size.max) {
    throw bad(`Invalid page size specified: '${raw}'. Must be between 1 and ${size.max} inclusive.`);
  }
  return Number(raw);
}
