import type { FastifyInstance } from 'fastify';
import type { Services } from '../app.js';
import { DomainError } from '../domain/errors.js';
import { newTicket } from '../domain/random.js';
import { sendGraphError } from './graph/error-envelope.js';
import { graphApi } from './graph/graph-api.js';
import { setCorrelationHeaders } from './graph/graph-headers.js';
import { SkipTokens } from './graph/paging.js';
import { authority } from './oauth/authority.js';
import { mailboxRoutes } from './web/mailbox/mailbox.route.js';
import { redeemPages } from './web/redeem-pages.js';
import { signInWeb } from './web/signin-web.js';

/** Mounts every surface: the Graph API per version, the authority, and Graph-shaped 404s elsewhere. */
export async function registerHttp(app: FastifyInstance, services: Services): Promise<void> {
  app.addHook('onRequest', async (request, reply) => setCorrelationHeaders(request, reply));
  const tokens = new SkipTokens(await services.store.instanceSecrets.getOrCreate('skiptoken-hmac', newTicket));
  await app.register(graphApi(services, 'v1.0', tokens), { prefix: '/v1.0' });
  await app.register(graphApi(services, 'beta', tokens), { prefix: '/beta' });
  await app.register(authority(services));
  if (services.devMailbox) mailboxRoutes(app, services);
  await app.register(redeemPages(services), { prefix: '/redeem' });
  await app.register(signInWeb(services));
  app.setErrorHandler((err, request, reply) => sendGraphError(request, reply, err));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const m = /^\/(v1\.0|beta)\/([^/]*)/i.exec(path);
    // Graph answers an unknown segment under a version with 400 "Resource not found for the segment".
    const err = m
      ? new DomainError('BadRequest', 'BadRequest', `Resource not found for the segment '${decodeSafe(m[2])}'.`)
      : new DomainError('NotFound', 'Request_ResourceNotFound', `The requested resource '${path}' was not found.`);
    return sendGraphError(request, reply, err);
  });
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
