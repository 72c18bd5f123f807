import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import type { Principal } from '../../domain/identity/principal.js';
import type { Tenant } from '../../domain/model.js';
import type { Services } from '../../app.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const missingToken = () => new DomainError('Unauthenticated', 'InvalidAuthenticationToken', 'Access token is empty.');

/** Verifies the bearer token and records the caller; runs before the body is read (401 before 400). */
export async function authenticate(services: Services, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw missingToken();
  request.principal = await services.verifier.verify(match[1]);
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw missingToken();
  return request.principal;
}

export async function tenantOf(services: Services, principal: Principal): Promise<Tenant> {
  const tenant = await services.tenants.get(principal.tenantId);
  if (!tenant) throw new DomainError('Unauthenticated', 'InvalidAuthenticationToken', 'The tenant of the token does not exist.');
  return tenant;
}
