import autocannon from 'autocannon';
import type { LoadTarget } from './load.js';
import type { Scenario } from './query-scenarios.js';

export interface HttpOutcome {
  /** 200 answers a second. */
  rate: number;
  ok: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  failures: string[];
  seconds: number;
}

/** GET `scenario.path(i)` at `connections` for `duration` seconds, a new path for every request. */
export async function driveQueries(target: LoadTarget, scenario: Scenario, connections: number, duration: number): Promise<HttpOutcome> {
  let i = 0;
  const failures: string[] = [];
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}`, ...(scenario.eventual ? { consistencylevel: 'eventual' } : {}) };
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration,
    pipelining: 1,
    timeout: 10,
    renderProgressBar: false,
    requests: [{
      method: 'GET',
      headers,
      setupRequest: (req) => ({ ...req, path: scenario.path(i++) }),
      onResponse: (status, body) => {
        if (status !== 200 && failures.length < 5) failures.push(`${status} ${body.slice(0, 300)}`);
      },
    }],
  });
  const ok = result.statusCodeStats['200']?.count ?? 0;
  return {
    rate: ok / result.duration, ok, p50: result.latency.p50, p99: result.latency.p99,
    non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, failures, seconds: result.duration,
  };
}

/**
 * Follows nextLinks from `path` to the end and returns the $skiptoken that resumes `fraction` of
 * the way through (the "deep page"), and how many rows there were. `get` fetches one page.
 */
export async function deepSkiptoken(
  get: (path: string) => Promise<{ nextLink?: string; count: number }>, path: string, fraction = 0.9,
): Promise<{ token: string; rows: number; at: number }> {
  const tokens: { token: string; at: number }[] = [];
  let rows = 0;
  for (let next: string | undefined = path; next !== undefined;) {
    const page: { nextLink?: string; count: number } = await get(next);
    rows += page.count;
    if (!page.nextLink) break;
    const url = new URL(page.nextLink);
    tokens.push({ token: url.searchParams.get('$skiptoken') ?? '', at: rows });
    next = url.pathname + url.search;
  }
  const pick = tokens.filter((t) => t.at <= rows * fraction).pop() ?? tokens[0];
  if (!pick) throw new Error(`${path}: fewer than two pages, no deep page to measure`);
  return { token: pick.token, rows, at: pick.at };
}
