import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { metadataRoutes } from './metadata.route.js';
import { holdsNulCharacter } from '../nul-character.js';
import { nulRefused, sendOAuthError } from './oauth-error-reply.js';
import { tokenRoute } from './token.route.js';
import { deviceCodeRoute } from './devicecode.route.js';
import { userInfoRoute } from './userinfo.route.js';

/** The per-tenant OAuth2 authority at `/{tenant}/…`; its errors are OAuth JSON, not Graph's envelope. */
export function authority(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(formbody);
    app.setErrorHandler((err, request, reply) => sendOAuthError(request, reply, err));
    app.addHook('preValidation', async (request) => {
      if (holdsNulCharacter(request.params, request.query, request.body)) throw nulRefused();
    });
    tokenRoute(app, services);
    metadataRoutes(app, services);
    deviceCodeRoute(app, services);
    userInfoRoute(app, services);
  };
}
