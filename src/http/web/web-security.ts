import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionRef } from '../../domain/invitations/redemption-session.js';

/**
 * Headers of every redemption response. No script at all, styles only from our own stylesheet,
 * never framed (clickjacking), no Referer (the page URL carries the ticket), never cached. There is
 * deliberately no `form-action`: Chromium applies it to the redirect after a form POST, and Accept
 * ends in a 303 to the invitation's redirect URL on another origin.
 */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export const COOKIE = 'portico_redeem';

/** The session cookie: opaque (`<tenant>.<token>`), HttpOnly, SameSite=Lax, Secure on https, only for /redeem. */
export function setSessionCookie(reply: FastifyReply, ref: SessionRef, secure: boolean, maxAgeSeconds: number): void {
  reply.header('set-cookie', `${COOKIE}=${ref.tenantId}.${ref.token}; Path=/redeem; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', `${COOKIE}=; Path=/redeem; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`);
}

export function sessionRefOf(request: FastifyRequest): SessionRef | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== COOKIE) continue;
    const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/i.exec(rest.join('='));
    if (m) return { tenantId: m[1].toLowerCase(), token: m[2] };
  }
  return null;
}
