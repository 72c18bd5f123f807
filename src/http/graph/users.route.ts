import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { createUser, type CreateUserInput } from '../../domain/users/create-user.js';
import { deleteUser } from '../../domain/users/delete-user.js';
import { getUser } from '../../domain/users/get-user.js';
import { updateUser } from '../../domain/users/update-user.js';
import type { UserPatch } from '../../domain/model.js';
import { badRequest } from '../../domain/errors.js';
import { principalOf, tenantOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import type { SkipTokens } from './paging.js';
import { readQueryOptions } from './query-options.js';
import { CreateUserBody, UpdateUserBody } from './schemas/user.schema.js';
import { collectionsOf, parseUserSelect, userJson, type ApiVersion } from './user-json.js';
import { countUsersHandler, listUsersHandler } from './users-list.js';

/** Keys in `{id}` arrive percent-decoded by the router; `%23EXT%23`, `%40` and `@` all work. */
const userKey = (request: FastifyRequest) => (request.params as { id: string }).id;

function toPatch(body: UpdateUserBody): UserPatch {
  const { passwordProfile: _ignored, userType, ...rest } = body;
  const patch = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as UserPatch;
  if (userType !== undefined && userType !== null) {
    if (!/^(member|guest)$/i.test(userType)) throw badRequest(`The value '${userType}' of property 'userType' is not valid; use 'Member' or 'Guest'.`, 'userType');
    patch.userType = /^member$/i.test(userType) ? 'Member' : 'Guest';
  }
  return patch;
}

export function userRoutes(app: FastifyInstance, services: Services, version: ApiVersion, tokens: SkipTokens): void {
  const base = services.config.publicUrl;

  graphRoute(app, '/users', {
    GET: { handler: (request, reply) => listUsersHandler(services, version, tokens, request, reply) },
    POST: {
      schema: { body: CreateUserBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const tenant = await tenantOf(services, principal);
        const body = request.body as CreateUserBody;
        // userType is kept (Graph creates Guest accounts this way too), spelled as Graph spells it.
        const input = { ...toPatch(body), passwordProfile: body.passwordProfile } as CreateUserInput;
        const user = await createUser(services.store, services.clock, principal, tenant, input, services.policies);
        return sendGraphJson(reply, 201, {
          '@odata.context': `${base}/${version}/$metadata#users/$entity`,
          ...userJson(user, parseUserSelect(undefined, version)),
        });
      },
    },
  });

  graphRoute(app, '/users/$count', {
    GET: { handler: (request, reply) => countUsersHandler(services, version, request, reply) },
  });

  graphRoute(app, '/users/:id', {
    GET: {
      handler: async (request, reply) => {
        // `/users/%24count` reaches here with the segment decoded.
        if (userKey(request) === '$count') return countUsersHandler(services, version, request, reply);
        const opts = readQueryOptions(request.url, version, false);
        const select = parseUserSelect(opts.select, version);
        const user = await getUser(services.store, principalOf(request), userKey(request), services.policies, collectionsOf(select));
        return sendGraphJson(reply, 200, {
          '@odata.context': `${base}/${version}/$metadata#users${opts.select ? `(${select.join(',')})` : ''}/$entity`,
          ...userJson(user, select),
        });
      },
    },
    PATCH: {
      schema: { body: UpdateUserBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        await updateUser(services.store, principal, await tenantOf(services, principal), userKey(request), toPatch(request.body as UpdateUserBody), services.policies);
        return reply.code(204).send();
      },
    },
    DELETE: {
      handler: async (request, reply) => {
        await deleteUser(services.store, principalOf(request), userKey(request), services.policies);
        return reply.code(204).send();
      },
    },
  });
}
