import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * One "browser" on the redemption pages over `inject`: it keeps the session cookie and the form
 * token of the last page, as a browser would, and can replay or tamper with either.
 */
export class RedeemClient {
  cookie: string | null = null;
  csrf: string | null = null;
  last: LightMyRequestResponse | null = null;

  constructor(private readonly app: FastifyInstance, private readonly language = 'en-US') {}

  /** Opens a redemption link (absolute or path). */
  async open(link: string): Promise<LightMyRequestResponse> {
    const u = new URL(link, 'https://portico.test');
    return this.keep(await this.app.inject({ method: 'GET', url: `${u.pathname}${u.search}`, headers: this.headers() }));
  }

  /** Submits a form of the current page; `csrf` defaults to the last page's token. */
  async post(path: string, form: Record<string, string> = {}, csrf = this.csrf ?? ''): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({
      method: 'POST', url: path, payload: new URLSearchParams({ csrf, ...form }).toString(),
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  }

  private headers(): Record<string, string> {
    return { 'accept-language': this.language, ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const set = res.headers['set-cookie'];
    const first = Array.isArray(set) ? set[0] : set;
    if (first) {
      const pair = first.split(';')[0];
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const m = /name="csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
    this.last = res;
    return res;
  }
}

/** The text of the first `<p class="notice">`, or null. */
export const noticeOf = (html: string): string | null => /<p class="notice" role="alert">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
