import { DomainError } from '../errors.js';
import { can, type Principal } from '../identity/principal.js';
import type { AuditRecord } from '../model.js';
import type { AuditPage, Store } from '../ports.js';
import type { KeysetPosition, ResourceQuery } from '../users/user-query.js';

/**
 * Graph answers a caller without AuditLog.Read.All this way, whatever directory permissions it
 * holds (microsoft-graph-docs-contrib#8997, #3196): Directory.Read.All does not suffice.
 */
const auditPermissionMissing = () => new DomainError('Forbidden', 'Authentication_MSGraphPermissionMissing',
  'Calling principal does not have required MSGraph permissions AuditLog.Read.All');

/** Checked before the query is even read, so a caller without the permission learns nothing from a 400. */
export function requireAuditRead(principal: Principal): void {
  if (!can(principal, 'readAuditLogs')) throw auditPermissionMissing();
}

/** GET /auditLogs/directoryAudits: one keyset page of the caller's tenant's records. */
export async function listAuditLogs(
  store: Store, principal: Principal, query: ResourceQuery, page: { after: KeysetPosition | null; top: number },
): Promise<AuditPage> {
  requireAuditRead(principal);
  return store.audit.query(principal.tenantId, query, page);
}

/** GET /auditLogs/directoryAudits/{id}: a record of the caller's tenant, or Graph's 404. */
export async function getAuditRecord(store: Store, principal: Principal, id: string): Promise<AuditRecord> {
  requireAuditRead(principal);
  const record = await store.audit.findById(principal.tenantId, id.toLowerCase());
  if (!record) {
    throw new DomainError('NotFound', 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  }
  return record;
}
