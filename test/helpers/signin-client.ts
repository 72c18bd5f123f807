import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A minimal browser for the authority's HTML pages over `inject`: it keeps cookies, reads a page's
 * first form (action and hidden fields) and submits it with the fields a person would type.
 */
export class SignInClient {
  readonly cookies = new Map<string, string>();

  constructor(private readonly app: FastifyInstance, private readonly ip = '127.0.0.1') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    const set = res.headers['set-cookie'];
    for (const c of (Array.isArray(set) ? set : set ? [set] : [])) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() }, remoteAddress: this.ip }));
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({
      method: 'POST', url, remoteAddress: this.ip,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    }));
  }

  /** Submits the page's form with its hidden fields plus `typed` (a button's name/value included). */
  async submit(page: LightMyRequestResponse, typed: Record<string, string>): Promise<LightMyRequestResponse> {
    const form = readForm(page.body);
    return this.post(form.action, { ...form.hidden, ...typed });
  }
}

export function readForm(html: string): { action: string; hidden: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on the page:\n${html.slice(0, 2000)}`);
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]] = unescapeHtml(m[2]);
  return { action: unescapeHtml(action), hidden };
}

export function unescapeHtml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
