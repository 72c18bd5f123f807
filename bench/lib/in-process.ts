import { randomBytes } from 'node:crypto';
import type { AppPrincipal } from '../../src/domain/identity/principal.js';
import type { Store } from '../../src/domain/ports.js';
import { buildUserQuery } from '../../src/domain/users/build-user-query.js';
import { listUsers } from '../../src/domain/users/list-users.js';
import { queryFingerprint, SkipTokens } from '../../src/http/graph/paging.js';
import { readQueryOptions } from '../../src/http/graph/query-options.js';
import { collectionsOf, fieldsOf, parseUserSelect, userJson } from '../../src/http/graph/user-json.js';
import { nextLinkOptions } from '../../src/http/graph/users-list.js';

export type ListUsers = (path: string, eventual: boolean) => Promise<{ json: string; nextLink?: string; count: number }>;

/**
 * GET /users without HTTP: the steps of http/graph/users-list.ts's handler, calling the same
 * functions in the same order — options read from the URL, $select, the validated query, the
 * skiptoken's HMAC, the domain's listUsers over the store, Graph's JSON for each user, the body
 * serialized — for an app holding User.Read.All. What it costs is what a request costs Portico
 * minus Fastify, the token check and the socket.
 */
export function inProcessListUsers(store: Store, tenantId: string, base = 'http://127.0.0.1'): ListUsers {
  const tokens = new SkipTokens(randomBytes(32).toString('base64url'));
  const principal: AppPrincipal = {
    kind: 'app', tenantId, appId: 'bench', servicePrincipalId: 'bench', displayName: 'bench', roles: ['User.Read.All'],
  };
  return async (path, eventual) => {
    const version = path.startsWith('/beta/') ? 'beta' : 'v1.0';
    const opts = readQueryOptions(path, version, true);
    const select = parseUserSelect(opts.select, version);
    const texts = { filter: opts.filter, orderBy: opts.orderBy, search: opts.search };
    const query = buildUserQuery(texts, { eventual, count: opts.count });
    const fingerprint = () => queryFingerprint(texts);
    const after = opts.skiptoken ? tokens.read(tenantId, opts.skiptoken, fingerprint()) : null;
    const withCount = opts.count && query.advanced && after === null;
    const page = await listUsers(store, principal, query, { after, top: opts.top, withCount, collections: collectionsOf(select), fields: fieldsOf(select) });
    const body: Record<string, unknown> = { '@odata.context': `${base}/${version}/$metadata#users${opts.select ? `(${select.join(',')})` : ''}` };
    if (page.count !== undefined) body['@odata.count'] = page.count;
    if (page.next) body['@odata.nextLink'] = `${base}/${version}/users?${nextLinkOptions(opts, tokens.issue(tenantId, page.next, fingerprint()))}`;
    body.value = page.users.map((u) => userJson(u, select));
    const nextLink = body['@odata.nextLink'] as string | undefined;
    return { json: JSON.stringify(body), nextLink, count: page.users.length };
  };
}

export interface Timing {
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Calls a second, one after another. */
  rate: number;
  /** CPU time of this process a call (µs): does not depend on how busy the machine is. */
  cpuUs: number;
  calls: number;
  /** Rows the calls returned, on average. */
  rows: number;
}

/** Calls `run(i)` one after another for `seconds` after `warmup` seconds, timing each call. */
export async function timeCalls(run: (i: number) => Promise<number>, seconds: number, warmup: number): Promise<Timing> {
  let i = 0;
  const warmEnd = performance.now() + warmup * 1000;
  while (performance.now() < warmEnd) await run(i++);
  const times: number[] = [];
  let rows = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  for (let t = start; t < end;) {
    rows += await run(i++);
    const now = performance.now();
    times.push(now - t);
    t = now;
  }
  const elapsed = performance.now() - start;
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    p50: at(0.5), p99: at(0.99), rate: (times.length / elapsed) * 1000,
    cpuUs: (used.user + used.system) / times.length, calls: times.length, rows: rows / times.length,
  };
}
