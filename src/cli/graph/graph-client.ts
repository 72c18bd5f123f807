import { GraphRequestError } from './graph-error.js';
import { backoffMs, defaultRetryPolicy, isRetryable, retryAfterMs, type RetryPolicy } from './retry-policy.js';
import { send } from './http-transport.js';
import { describeFetchError } from './token-endpoint.js';

export type GraphVersion = 'v1.0' | 'beta';

export interface AccessTokens {
  token(): Promise<string>;
  invalidate(): void;
}

export interface GraphCall {
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphAnswer {
  status: number;
  /** The parsed JSON body, or undefined for an empty one (204). */
  json: unknown;
}

/** Told about each retry, e.g. to count them in a progress line. */
export type RetryListener = (status: number, waitMs: number) => void;

/**
 * Microsoft Graph over HTTPS: the bearer token, Graph's error envelope turned into
 * GraphRequestError, and retries on throttling and server errors (see retry-policy.ts). Speaks
 * only Graph's public wire protocol, so it works against Portico and Microsoft Graph alike.
 */
export class GraphClient {
  constructor(
    readonly baseUrl: string,
    readonly version: GraphVersion,
    private readonly tokens: AccessTokens,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
    private readonly onRetry?: RetryListener,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** `/users` → `{base}/{version}/users?…`. Query names keep their `$`; values are percent-encoded. */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const pairs = Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`);
    return `${this.baseUrl.replace(/\/+$/, '')}/${this.version}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
  }

  async call(method: string, pathOrUrl: string, call: GraphCall = {}): Promise<GraphAnswer> {
    // `@odata.nextLink` is absolute and already carries every query option (graph-spec §2.4).
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : this.url(pathOrUrl, call.query);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await this.tokens.token()}`, ...call.headers };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      let res;
      try {
        res = await send(url, method, headers, call.body === undefined ? undefined : JSON.stringify(call.body));
      } catch (err) {
        throw new Error(`cannot reach ${url}: ${describeFetchError(err)}`);
      }
      const text = res.text;
      if (res.status >= 200 && res.status < 300) return { status: res.status, json: text ? parseJson(text, url) : undefined };
      const wait = retryAfterMs(res.header('retry-after'));
      if (res.status === 401 && !refreshed) {
        // An expired or revoked cached token: fetch a fresh one once.
        refreshed = true;
        this.tokens.invalidate();
        continue;
      }
      if (isRetryable(res.status) && attempt < this.retry.maxRetries) {
        const delay = backoffMs(this.retry, attempt, wait);
        this.onRetry?.(res.status, delay);
        await this.sleep(delay);
        continue;
      }
      throw GraphRequestError.fromBody(res.status, res.statusText, text, wait);
    }
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} answered with something other than JSON`);
  }
}
