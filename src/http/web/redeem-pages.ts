import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { redemptionErrors } from '../../domain/invitations/redemption-rules.js';
import { redeemRoutes } from './redeem.route.js';
import { securityHeaders } from './web-security.js';
import { sendWebError } from './web-error-page.js';
import { holdsNulCharacter } from '../nul-character.js';
import { WebPages } from './web-pages.js';

/** The redemption pages under `/redeem`: HTML, not Graph JSON, for every answer including errors. */
export function redeemPages(services: Services, pages: WebPages = WebPages.load()) {
  return async (app: FastifyInstance): Promise<void> => {
    // Forms only: a browser's form POST is urlencoded; JSON has no business here.
    app.removeAllContentTypeParsers();
    await app.register(formbody);
    app.addHook('onSend', async (_request, reply) => {
      reply.headers(securityHeaders);
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });
    app.setErrorHandler((err, request, reply) => sendWebError(pages, request, reply, err));
    app.setNotFoundHandler((request, reply) => sendWebError(pages, request, reply, redemptionErrors.invalidLink()));
    // No invitation, tenant or ticket holds U+0000: such a link is not one of ours.
    app.addHook('preValidation', async (request) => {
      if (holdsNulCharacter(request.params, request.query, request.body)) throw redemptionErrors.invalidLink();
    });
    app.get('/assets/portico.css', async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(pages.stylesheet));
    app.get('/assets/favicon.svg', async (_request, reply) =>
      reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(pages.icon));
    redeemRoutes(app, services, pages);
  };
}
