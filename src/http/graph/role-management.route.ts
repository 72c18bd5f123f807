import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { createRoleAssignment } from '../../domain/roles/create-role-assignment.js';
import { getRoleAssignment, listRoleAssignments, listRoleDefinitions } from '../../domain/roles/read-directory-roles.js';
import { removeRoleAssignment } from '../../domain/roles/remove-directory-role.js';
import { resourceNotFound } from '../../domain/roles/role-errors.js';
import type { RoleAssignment } from '../../domain/model.js';
import { principalOf, tenantOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { readAssignmentQuery } from './role-assignment-query.js';
import { directoryObjectJson, roleAssignmentJson, roleDefinitionJson } from './role-json.js';
import { RoleAssignmentBody } from './schemas/role.schema.js';
import type { ApiVersion } from './user-json.js';

const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name];
const PREFIX = '/roleManagement/directory';

/** `/roleManagement/directory/…` (v1.0 and beta): role definitions and tenant-wide role assignments. */
export function roleManagementRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  const base = `${services.config.publicUrl}/${version}/$metadata#roleManagement/directory`;
  const deps = { store: services.store, clock: services.clock, policies: services.policies };

  graphRoute(app, `${PREFIX}/roleDefinitions`, {
    GET: {
      handler: async (request, reply) => {
        const definitions = await listRoleDefinitions(deps, principalOf(request));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/roleDefinitions`, value: definitions.map(roleDefinitionJson) });
      },
    },
  });

  graphRoute(app, `${PREFIX}/roleDefinitions/:id`, {
    GET: {
      handler: async (request, reply) => {
        const id = param(request, 'id').toLowerCase();
        const found = (await listRoleDefinitions(deps, principalOf(request))).find((d) => d.templateId === id);
        if (!found) throw resourceNotFound(param(request, 'id'));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/roleDefinitions/$entity`, ...roleDefinitionJson(found) });
      },
    },
  });

  graphRoute(app, `${PREFIX}/roleAssignments`, {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const q = readAssignmentQuery(request.url);
        const found = await listRoleAssignments(deps, principal, principal.tenantId, q.filter);
        const value = q.impossible ? [] : await Promise.all(found.map((a) => withPrincipal(a, q.expandPrincipal)));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/roleAssignments${q.expandPrincipal ? '(principal())' : ''}`, value });
      },
    },
    POST: {
      schema: { body: RoleAssignmentBody },
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const { assignment } = await createRoleAssignment(deps, principal, await tenantOf(services, principal), request.body as RoleAssignmentBody);
        return sendGraphJson(reply, 201, { '@odata.context': `${base}/roleAssignments/$entity`, ...roleAssignmentJson(assignment) });
      },
    },
  });

  graphRoute(app, `${PREFIX}/roleAssignments/:id`, {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const assignment = await getRoleAssignment(deps, principal, principal.tenantId, param(request, 'id'));
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/roleAssignments/$entity`, ...roleAssignmentJson(assignment) });
      },
    },
    DELETE: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        await removeRoleAssignment(deps, principal, principal.tenantId, param(request, 'id'));
        return reply.code(204).send();
      },
    },
  });

  async function withPrincipal(a: RoleAssignment, expand: boolean): Promise<Record<string, unknown>> {
    if (!expand) return roleAssignmentJson(a);
    const user = await services.store.users.findById(a.tenantId, a.principalId);
    return { ...roleAssignmentJson(a), principal: user ? directoryObjectJson(user, version) : null };
  }
}
