import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { getMe } from '../../domain/users/get-me.js';
import { principalOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { readQueryOptions } from './query-options.js';
import { collectionsOf, parseUserSelect, userJson, type ApiVersion } from './user-json.js';

/** `GET /me`: the signed-in user, shaped exactly as `/users/{id}` (same default set, `$select`). */
export function meRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  const base = services.config.publicUrl;
  graphRoute(app, '/me', {
    GET: {
      handler: async (request, reply) => {
        const opts = readQueryOptions(request.url, version, false);
        const select = parseUserSelect(opts.select, version);
        const user = await getMe(services.store, principalOf(request), collectionsOf(select));
        return sendGraphJson(reply, 200, {
          '@odata.context': `${base}/${version}/$metadata#users${opts.select ? `(${select.join(',')})` : ''}/$entity`,
          ...userJson(user, select),
        });
      },
    },
  });
}
