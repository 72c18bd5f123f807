import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import type { AuthorizationPolicy } from '../../domain/policies/authorization-policy.js';
import { getAuthorizationPolicy, updateAuthorizationPolicy } from '../../domain/policies/authorization-policy-use-cases.js';
import { principalOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { AuthorizationPolicyPatchBody } from './schemas/policy.schema.js';
import type { ApiVersion } from './user-json.js';

/** microsoft.graph.authorizationPolicy as authorizationpolicy-get.md shows it. */
export function authorizationPolicyJson(p: AuthorizationPolicy) {
  return {
    id: 'authorizationPolicy',
    displayName: 'Authorization Policy',
    description: 'Used to manage authorization related settings across the company.',
    allowInvitesFrom: p.allowInvitesFrom,
    allowedToSignUpEmailBasedSubscriptions: p.allowedToSignUpEmailBasedSubscriptions,
    allowedToUseSSPR: p.allowedToUseSSPR,
    allowEmailVerifiedUsersToJoinOrganization: p.allowEmailVerifiedUsersToJoinOrganization,
    allowUserConsentForRiskyApps: p.allowUserConsentForRiskyApps,
    blockMsolPowerShell: p.blockMsolPowerShell,
    guestUserRoleId: p.guestUserRoleId,
    defaultUserRolePermissions: p.defaultUserRolePermissions,
  };
}

/**
 * `/policies/authorizationPolicy`: a singleton in v1.0. Beta still shows it as a collection of one
 * (`/policies/authorizationPolicy/authorizationPolicy` is the entity), and accepts PATCH on both.
 */
export function policyRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  const base = `${services.config.publicUrl}/${version}/$metadata#policies/authorizationPolicy`;
  const deps = { store: services.store, policies: services.policies };

  const getEntity = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    const policy = await getAuthorizationPolicy(deps, principal, principal.tenantId);
    return sendGraphJson(reply, 200, { '@odata.context': `${base}/$entity`, ...authorizationPolicyJson(policy) });
  };
  const patch = {
    schema: { body: AuthorizationPolicyPatchBody },
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = principalOf(request);
      const { id: _id, displayName: _n, description: _d, ...changes } = request.body as AuthorizationPolicyPatchBody;
      await updateAuthorizationPolicy(deps, principal, principal.tenantId, changes);
      return reply.code(204).send();
    },
  };

  if (version === 'v1.0') {
    graphRoute(app, '/policies/authorizationPolicy', { GET: { handler: getEntity }, PATCH: patch });
    return;
  }
  graphRoute(app, '/policies/authorizationPolicy', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        const policy = await getAuthorizationPolicy(deps, principal, principal.tenantId);
        return sendGraphJson(reply, 200, { '@odata.context': base, value: [authorizationPolicyJson(policy)] });
      },
    },
    PATCH: patch,
  });
  graphRoute(app, '/policies/authorizationPolicy/authorizationPolicy', { GET: { handler: getEntity }, PATCH: patch });
}
