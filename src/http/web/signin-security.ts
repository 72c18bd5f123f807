import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * What every sign-in page gets: a strict Content Security Policy with a per-response nonce (no
 * inline code without it, no framing: clickjacking), and CSRF protection by a double-submit
 * cookie whose form twin is an HMAC of it under an instance secret, so it cannot be forged from
 * another origin even where cookies could be planted.
 */
export const CSRF_COOKIE = 'portico_csrf';

export function parseCookies(request: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

export function cookie(name: string, value: string, opts: { secure: boolean; maxAge?: number }): string {
  return [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', ...(opts.secure ? ['Secure'] : []),
    ...(opts.maxAge !== undefined ? [`Max-Age=${opts.maxAge}`] : [])].join('; ');
}

export function appendCookie(reply: FastifyReply, value: string): void {
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  reply.header('set-cookie', [...list, value]);
}

export class CsrfGuard {
  constructor(private readonly secret: string, private readonly secure: boolean) {}

  private mac(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  /** The form token for this browser, setting its cookie when it has none yet. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    let value = parseCookies(request).get(CSRF_COOKIE);
    if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
      value = randomBytes(32).toString('base64url');
      appendCookie(reply, cookie(CSRF_COOKIE, value, { secure: this.secure }));
    }
    return this.mac(value);
  }

  verify(request: FastifyRequest, presented: string | undefined): boolean {
    const value = parseCookies(request).get(CSRF_COOKIE);
    if (!value || !presented) return false;
    const a = Buffer.from(this.mac(value));
    const b = Buffer.from(presented);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** Security headers of an HTML page; `formTargets` are the only places its forms may post to. */
export function pageHeaders(reply: FastifyReply, nonce: string, formTargets: string[] = []): FastifyReply {
  const formAction = ["'self'", ...formTargets.map((t) => t.replace(/[;,\s]/g, encodeURIComponent))].join(' ');
  return reply
    .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .header('content-type', 'text/html; charset=utf-8');
}

export const newNonce = (): string => randomBytes(16).toString('base64');
