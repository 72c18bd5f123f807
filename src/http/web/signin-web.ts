import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { OAuthError } from '../../domain/identity/oauth-error.js';
import { newTicket } from '../../domain/random.js';
import { adminConsentRoutes } from './signin-admin-consent.route.js';
import { authorizeRoutes } from './signin-authorize.route.js';
import { deviceLoginRoutes } from './signin-device.route.js';
import { logoutRoute } from './signin-logout.route.js';
import { errorPage } from './signin-responses.js';
import { CsrfGuard } from './signin-security.js';
import { holdsNulCharacter } from '../nul-character.js';
import { nulRefused } from '../oauth/oauth-error-reply.js';

/** The authority's HTML pages; their errors are friendly pages, never JSON or a stack trace. */
export function signInWeb(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(formbody);
    const secret = await services.store.instanceSecrets.getOrCreate('signin-csrf-hmac', newTicket);
    const csrf = new CsrfGuard(secret, services.config.publicUrl.startsWith('https:'));
    app.setErrorHandler((err, request, reply) => {
      if (err instanceof OAuthError) return errorPage(reply, err, request.id, err.status);
      const code = (err as { code?: string }).code ?? '';
      if (code.startsWith('FST_ERR_CTP')) return errorPage(reply, new OAuthError('invalid_request', 900144, 'The form could not be read.'), request.id);
      request.log.error({ err }, 'unhandled error on a sign-in page');
      return errorPage(reply, new OAuthError('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.'), request.id, 500);
    });
    app.addHook('preValidation', async (request) => {
      if (holdsNulCharacter(request.params, request.query, request.body)) throw nulRefused();
    });
    authorizeRoutes(app, services, csrf);
    deviceLoginRoutes(app, services, csrf);
    logoutRoute(app, services);
    adminConsentRoutes(app, services, csrf);
  };
}
