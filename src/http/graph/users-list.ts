import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { DomainError } from '../../domain/errors.js';
import { buildUserQuery } from '../../domain/users/build-user-query.js';
import { countUsers, listUsers } from '../../domain/users/list-users.js';
import { principalOf } from './authenticate.js';
import { sendGraphJson } from './graph-headers.js';
import { queryFingerprint, type SkipTokens } from './paging.js';
import { readQueryOptions, type UserQueryOptions } from './query-options.js';
import { collectionsOf, fieldsOf, parseUserSelect, userJson, type ApiVersion } from './user-json.js';

/**
 * `ConsistencyLevel: eventual` (header name and value in any case): the first half of Graph's
 * advanced-query parameters. In `$batch` it travels in the item's own headers.
 */
export function isEventual(request: FastifyRequest): boolean {
  const value = request.headers.consistencylevel;
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim().toLowerCase() === 'eventual';
}

const texts = (opts: UserQueryOptions) => ({ filter: opts.filter, orderBy: opts.orderBy, search: opts.search });

/**
 * GET /users: steps — read the options, build and validate the query, resume from the skiptoken,
 * read one page (and the count on the first page of an advanced query with `$count=true`; without
 * the header Graph silently ignores `$count`), then answer with a nextLink that repeats every
 * option, literal `$` in the names and values encoded.
 */
export async function listUsersHandler(
  services: Services, version: ApiVersion, tokens: SkipTokens, request: FastifyRequest, reply: FastifyReply,
): Promise<FastifyReply> {
  const base = services.config.publicUrl;
  const principal = principalOf(request);
  const opts = readQueryOptions(request.url, version, true);
  const select = parseUserSelect(opts.select, version);
  const query = buildUserQuery(texts(opts), { eventual: isEventual(request), count: opts.count });
  // Hashed only when a token is read or issued: most lookups fit on one page.
  const fingerprint = () => queryFingerprint(texts(opts));
  const after = opts.skiptoken ? tokens.read(principal.tenantId, opts.skiptoken, fingerprint()) : null;
  const withCount = opts.count && query.advanced && after === null;
  const page = await listUsers(services.store, principal, query, { after, top: opts.top, withCount, collections: collectionsOf(select), fields: fieldsOf(select) }, services.policies);
  const body: Record<string, unknown> = {
    '@odata.context': `${base}/${version}/$metadata#users${opts.select ? `(${select.join(',')})` : ''}`,
  };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.next) {
    const next = nextLinkOptions(opts, tokens.issue(principal.tenantId, page.next, fingerprint()));
    body['@odata.nextLink'] = `${base}/${version}/users?${next}`;
  }
  body.value = page.users.map((u) => userJson(u, select));
  return sendGraphJson(reply, 200, body);
}

/** Graph writes option names with a literal `$`; only the values are encoded. */
export function nextLinkOptions(opts: UserQueryOptions, skiptoken: string): string {
  const pairs: [string, string | undefined][] = [
    ['$filter', opts.filter], ['$search', opts.search], ['$orderby', opts.orderBy], ['$select', opts.select],
    ['$count', opts.count ? 'true' : undefined], ['$top', String(opts.top)], ['$skiptoken', skiptoken],
  ];
  return pairs.filter((p): p is [string, string] => p[1] !== undefined).map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&');
}

/**
 * GET /users/$count: the number of matching users as `text/plain`. It is itself an advanced query:
 * without the header Graph answers 400 "$count is not currently supported." (aad-advanced-queries).
 */
export async function countUsersHandler(services: Services, version: ApiVersion, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const opts = readQueryOptions(request.url, version, true);
  if (!isEventual(request)) throw new DomainError('BadRequest', 'Request_BadRequest', '$count is not currently supported.');
  const query = buildUserQuery(texts(opts), { eventual: true, count: true });
  const n = await countUsers(services.store, principalOf(request), query, services.policies);
  return reply.code(200).header('content-type', 'text/plain').header('odata-version', '4.0').header('cache-control', 'no-cache').send(String(n));
}
