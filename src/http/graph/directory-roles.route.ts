import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { badRequest } from '../../domain/errors.js';
import { activateDirectoryRole } from '../../domain/roles/activate-directory-role.js';
import { getDirectoryRole, listDirectoryRoles, listRoleMembers } from '../../domain/roles/read-directory-roles.js';
import { addDirectoryRoleMember, removeDirectoryRoleMember } from '../../domain/roles/role-members.js';
import { principalOf, tenantOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { directoryObjectJson, directoryRoleJson } from './role-json.js';
import { ActivateRoleBody, ReferenceBody } from './schemas/role.schema.js';
import type { ApiVersion } from './user-json.js';

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name];

/**
 * The object a `$ref` body points at: `…/directoryObjects/{id}` or `…/users/{id}` under any host
 * (Graph's own, or this server's public URL), as SDKs build it from their base URL.
 */
export function referencedId(odataId: string): string {
  let path: string;
  try {
    path = new URL(odataId).pathname;
  } catch {
    throw invalidReference(odataId);
  }
  const m = /\/(?:directoryObjects|users)\/([^/]+)\/?$/i.exec(path);
  if (!m) throw invalidReference(odataId);
  try {
    return decodeURIComponent(m[1]);
  } catch {
    throw invalidReference(odataId);
  }
}

const invalidReference = (odataId: string) =>
  badRequest(`Invalid value '${odataId}' for property '@odata.id': an absolute URL of a directory object is expected.`, '@odata.id');

/** `/directoryRoles` (v1.0 and beta): activated roles, their members, and member references. */
export function directoryRoleRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  const base = `${services.config.publicUrl}/${version}/$metadata`;
  const deps = { store: services.store, clock: services.clock, policies: services.policies };

  graphRoute(app, '/directoryRoles', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const roles = await listDirectoryRoles(deps, principal, principal.tenantId);
        return sendGraphJson(reply, 200, { '@odata.context': `${base}#directoryRoles`, value: roles.map(directoryRoleJson) });
      },
    },
    POST: {
      schema: { body: ActivateRoleBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const role = await activateDirectoryRole(deps, principal, principal.tenantId, (request.body as ActivateRoleBody).roleTemplateId);
        return sendGraphJson(reply, 201, { '@odata.context': `${base}#directoryRoles/$entity`, ...directoryRoleJson(role) });
      },
    },
  });

  graphRoute(app, '/directoryRoles/:id', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const role = await getDirectoryRole(deps, principal, principal.tenantId, param(request, 'id'));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}#directoryRoles/$entity`, ...directoryRoleJson(role) });
      },
    },
  });

  graphRoute(app, '/directoryRoles/:id/members', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const users = await listRoleMembers(deps, principal, principal.tenantId, param(request, 'id'));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}#directoryObjects`, value: users.map((u) => directoryObjectJson(u, version)) });
      },
    },
  });

  graphRoute(app, '/directoryRoles/:id/members/$ref', {
    POST: {
      schema: { body: ReferenceBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const userId = referencedId((request.body as ReferenceBody)['@odata.id']);
        await addDirectoryRoleMember(deps, principal, await tenantOf(services, principal), param(request, 'id'), userId);
        return reply.code(204).send();
      },
    },
  });

  graphRoute(app, '/directoryRoles/:id/members/:memberId/$ref', {
    DELETE: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        await removeDirectoryRoleMember(deps, principal, principal.tenantId, param(request, 'id'), param(request, 'memberId'));
        return reply.code(204).send();
      },
    },
  });
}
