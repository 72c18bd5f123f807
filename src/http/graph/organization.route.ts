import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { requireAccess } from '../../domain/identity/require-access.js';
import type { Tenant } from '../../domain/model.js';
import { principalOf, tenantOf } from './authenticate.js';
import { graphRoute } from './graph-route.js';
import { sendGraphJson } from './graph-headers.js';
import { graphDate, type ApiVersion } from './user-json.js';

function organizationJson(t: Tenant) {
  return {
    id: t.id,
    displayName: t.displayName,
    createdDateTime: graphDate(t.createdDateTime),
    tenantType: 'AAD',
    verifiedDomains: t.domains.filter((d) => d.isVerified).map((d) => ({
      capabilities: 'Email, OfficeCommunicationsOnline', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed',
    })),
  };
}

function domainJson(t: Tenant) {
  return t.domains.map((d) => ({
    id: d.name, authenticationType: 'Managed', isAdminManaged: true, isDefault: d.isDefault, isInitial: d.isInitial,
    isRoot: true, isVerified: d.isVerified, supportedServices: ['Email', 'OfficeCommunicationsOnline'],
  }));
}

/** `GET /organization` and `GET /domains`: the caller's own tenant only. */
export function organizationRoutes(app: FastifyInstance, services: Services, version: ApiVersion): void {
  const base = services.config.publicUrl;
  graphRoute(app, '/organization', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        await requireAccess(services.policies, principal, { kind: 'readOrganization' });
        const tenant = await tenantOf(services, principal);
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/${version}/$metadata#organization`, value: [organizationJson(tenant)] });
      },
    },
  });
  graphRoute(app, '/domains', {
    GET: {
      handler: async (request, reply) => {
        const principal = principalOf(request);
        await requireAccess(services.policies, principal, { kind: 'readOrganization' });
        const tenant = await tenantOf(services, principal);
        return sendGraphJson(reply, 200, { '@odata.context': `${base}/${version}/$metadata#domains`, value: domainJson(tenant) });
      },
    },
  });
}
