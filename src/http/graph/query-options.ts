import { DomainError } from '../../domain/errors.js';

export interface UserQuery {
  select?: string;
  top: number;
  skiptoken?: string;
}

const unsupported = (message: string) => new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', message);
const bad = (message: string) => new DomainError('BadRequest', 'Request_BadRequest', message);

// `$filter`, `$orderby`, `$search`, `$count` and `$expand` arrive with the OData query issue.
const NOT_YET = new Set(['$filter', '$orderby', '$search', '$expand']);
const KNOWN = new Set(['$select', '$top', '$skiptoken', '$count', 'client-request-id']);

/**
 * Reads Graph's query options for user collections. beta also accepts them without the `$`
 * (graph-spec §2.4); names are case-insensitive.
 */
export function parseUserQuery(query: Record<string, unknown>, version: 'v1.0' | 'beta', collection: boolean): UserQuery {
  const opts = new Map<string, string>();
  for (const [rawName, rawValue] of Object.entries(query)) {
    let name = rawName.toLowerCase();
    if (version === 'beta' && !name.startsWith('$') && KNOWN.has(`$${name}`)) name = `$${name}`;
    const value = Array.isArray(rawValue) ? undefined : String(rawValue);
    if (value === undefined) throw bad(`Query option '${rawName}' was specified more than once.`);
    if (name === '$skip') throw unsupported("'$skip' is not supported by the service.");
    if (NOT_YET.has(name)) throw unsupported(`Query option '${rawName}' is not supported by this server yet.`);
    if (name.startsWith('$') && !KNOWN.has(name)) throw bad(`Query option '${rawName}' is not supported.`);
    opts.set(name, value);
  }
  let top = 100;
  const rawTop = opts.get('$top');
  if (rawTop !== undefined) {
    if (!collection) throw bad("Query option '$top' is not allowed on a single user.");
    if (!/^\d+$/.test(rawTop) || Number(rawTop) < 1 || Number(rawTop) > 999) {
      throw bad(`Invalid page size specified: '${rawTop}'. Must be between 1 and 999 inclusive.`);
    }
    top = Number(rawTop);
  }
  return { select: opts.get('$select'), top, skiptoken: opts.get('$skiptoken') };
}
