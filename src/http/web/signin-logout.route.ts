import { decodeJwt } from 'jose';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { endSession } from '../../domain/identity/sessions.js';
import { sendPage } from './signin-pages.js';
import { sessionCookieName } from './signin-interaction.js';
import { appendCookie, cookie, parseCookies } from './signin-security.js';

/**
 * `GET /{tenant}/oauth2/v2.0/logout` (OIDC RP-Initiated Logout §2–3): ends the browser's session
 * in that tenant and returns to `post_logout_redirect_uri` only when it is a registered redirect
 * URI of the app named by `client_id` (or by `id_token_hint`'s audience): no open redirects.
 */
export function logoutRoute(app: FastifyInstance, services: Services): void {
  app.get('/:tenant/oauth2/v2.0/logout', async (request, reply) => {
    const { tenant: segment } = request.params as { tenant: string };
    const q = request.query as Record<string, string | undefined>;
    const tenant = await services.store.tenants.findByIdOrDomain(segment);
    if (tenant) {
      const name = sessionCookieName(tenant.id);
      await endSession(services.store, tenant.id, parseCookies(request).get(name));
      appendCookie(reply, cookie(name, '', { secure: services.config.publicUrl.startsWith('https:'), maxAge: 0 }));
    }
    const target = q.post_logout_redirect_uri;
    const clientId = q.client_id ?? audienceOf(q.id_token_hint);
    const client = tenant && clientId ? await services.store.apps.findByAppId(tenant.id, clientId) : undefined;
    if (target && client?.redirectUris.includes(target)) {
      const url = new URL(target);
      if (q.state) url.searchParams.set('state', q.state);
      return reply.code(302).header('location', url.toString()).header('cache-control', 'no-store').send();
    }
    return sendPage(reply, 'message', { title: 'You signed out of your account', message: 'It’s a good idea to close all browser windows.' });
  });
}

function audienceOf(idToken: string | undefined): string | undefined {
  if (!idToken) return undefined;
  try {
    const aud = decodeJwt(idToken).aud;
    return typeof aud === 'string' ? aud : undefined;
  } catch {
    return undefined;
  }
}
