import assert from 'node:assert/strict';
import type { GraphHarness } from './graph-harness.js';
import { ALL_KEYS, type SeededDirectory } from './query-directory.js';

/**
 * One conformance case: a GET URL (with `{id:key}` and `{initial}` placeholders), whether it is
 * sent with `ConsistencyLevel: eventual`, and Graph's expected answer — the exact set of users
 * (by seed key; in order when `ordered`) or the status, error code and message.
 */
export interface QueryCase {
  readonly name: string;
  readonly url: string;
  readonly eventual?: boolean;
  readonly expect?: readonly string[];
  readonly ordered?: boolean;
  /** `@odata.count` expected (advanced queries with $count=true). */
  readonly count?: number;
  readonly error?: { status: number; code: string; message?: string | RegExp };
}

const filterUrl = (filter: string, extra = '', version = 'v1.0') =>
  `/${version}/users?$filter=${encodeURIComponent(filter)}${extra}`;

/** A default (no advanced parameters) filter that must find `expect`. */
export const found = (filter: string, expect: readonly string[], version = 'v1.0'): QueryCase =>
  ({ name: `${version} ${filter}`, url: filterUrl(filter, '', version), expect });

/** The same with the advanced-query parameters; `@odata.count` must agree. */
export const foundAq = (filter: string, expect: readonly string[], version = 'v1.0'): QueryCase =>
  ({ name: `${version} [AQ] ${filter}`, url: filterUrl(filter, '&$count=true', version), eventual: true, expect, count: expect.length });

export const refused = (filter: string, status: number, code: string, message?: string | RegExp, aq = false): QueryCase => ({
  name: `${aq ? '[AQ] ' : ''}${filter} -> ${status} ${code}`,
  url: filterUrl(filter, aq ? '&$count=true' : ''), eventual: aq, error: { status, code, message },
});

export const everyoneBut = (...keys: string[]): string[] => ALL_KEYS.filter((k) => !keys.includes(k));

export function resolve(text: string, dir: SeededDirectory): string {
  return text.replace(/\{id:(\w+)\}/g, (_m, key: string) => {
    const id = dir.ids.get(key);
    if (!id) throw new Error(`no seeded user ${key}`);
    return id;
  }).replace(/\{initial\}/g, dir.tenant.initialDomain);
}

const PLACEHOLDER = /\{(?:id:\w+|initial)\}/;

/** Runs a case; placeholders inside its (encoded) values are resolved first. */
export async function runCase(h: GraphHarness, token: string, dir: SeededDirectory, c: QueryCase): Promise<void> {
  const url = PLACEHOLDER.test(decodeURIComponent(c.url)) ? reencode(c.url, dir) : c.url;
  const res = await h.graph(token, 'GET', url, undefined, c.eventual ? { ConsistencyLevel: 'eventual' } : {});
  if (c.error) {
    assert.equal(res.statusCode, c.error.status, `${c.name}: ${res.body}`);
    const error = res.json().error;
    assert.equal(error.code, c.error.code, c.name);
    if (typeof c.error.message === 'string') assert.equal(error.message, c.error.message, c.name);
    else if (c.error.message) assert.match(error.message, c.error.message, c.name);
    return;
  }
  assert.equal(res.statusCode, 200, `${c.name}: ${res.body}`);
  const body = res.json();
  const got = (body.value as { id: string }[]).map((u) => dir.keys.get(u.id) ?? `FOREIGN:${u.id}`);
  assert.equal(body['@odata.nextLink'], undefined, `${c.name}: one page expected`);
  if (c.ordered) assert.deepEqual(got, c.expect, c.name);
  else assert.deepEqual([...got].sort(), [...(c.expect ?? [])].sort(), c.name);
  if (c.count !== undefined) assert.equal(body['@odata.count'], c.count, `${c.name}: @odata.count`);
  else assert.equal(body['@odata.count'], undefined, `${c.name}: no @odata.count without the advanced parameters`);
}

/** Placeholders sit inside encoded values: resolve them in each value and encode it again. */
function reencode(url: string, dir: SeededDirectory): string {
  const [path, query = ''] = url.split('?');
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    return `${pair.slice(0, eq)}=${encodeURIComponent(resolve(decodeURIComponent(pair.slice(eq + 1)), dir))}`;
  });
  return `${path}?${parts.join('&')}`;
}
