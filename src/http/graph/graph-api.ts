import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { auditLogRoutes } from './audit-logs.route.js';
import { authenticate } from './authenticate.js';
import { batchRoutes } from './batch.route.js';
import { directoryRoleRoutes } from './directory-roles.route.js';
import { sendGraphError } from './error-envelope.js';
import { holdsNulCharacter } from '../nul-character.js';
import { badRequest } from '../../domain/errors.js';
import { invitationRoutes } from './invitations.route.js';
import { meRoutes } from './me.route.js';
import { organizationRoutes } from './organization.route.js';
import type { SkipTokens } from './paging.js';
import { policyRoutes } from './policies.route.js';
import { roleManagementRoutes } from './role-management.route.js';
import { userRoutes } from './users.route.js';
import type { ApiVersion } from './user-json.js';

/** One Graph version (`/v1.0` or `/beta`): every route needs a valid bearer token. */
export function graphApi(services: Services, version: ApiVersion, tokens: SkipTokens) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((err, request, reply) => sendGraphError(request, reply, err));
    app.addHook('onRequest', async (request) => authenticate(services, request));
    app.addHook('preValidation', async (request) => {
      // A $batch body holds its items' bodies: each item is answered for itself when it runs.
      if (request.routeOptions.url?.endsWith('/$batch') || !holdsNulCharacter(request.params, request.body)) return;
      throw badRequest('The request holds the character U+0000 in a value or in its path; no property accepts it.');
    });
    invitationRoutes(app, services, version);
    userRoutes(app, services, version, tokens);
    organizationRoutes(app, services, version);
    batchRoutes(app, version);
    auditLogRoutes(app, services, version, tokens);
    directoryRoleRoutes(app, services, version);
    roleManagementRoutes(app, services, version);
    policyRoutes(app, services, version);
    meRoutes(app, services, version);
  };
}
