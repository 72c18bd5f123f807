import { DomainError, insufficientPrivileges } from '../errors.js';
import { permissionsOf, type Principal } from '../identity/principal.js';
import type { AuditRecord } from '../model.js';
import type { AuditPage, Store } from '../ports.js';
import type { KeysetPosition, ResourceQuery } from '../users/user-query.js';

/**
 * Graph answers a caller without AuditLog.Read.All this way, whatever directory permissions it
 * holds (microsoft-graph-docs-contrib#8997, #3196): Directory.Read.All does not suffice.
 */
const auditPermissionMissing = () => new DomainError('Forbidden', 'Authentication_MSGraphPermissionMissing',
  'Calling principal does not have required MSGraph permissions AuditLog.Read.All');

/**
 * Directory roles (template ids) whose holders may read audit logs when an app calls on their
 * behalf: Graph's least-privileged Reports Reader, Security Reader and Security Administrator
 * (rbac-directoryaudit-apis), and Global Reader and Global Administrator, which hold the same
 * microsoft.directory/auditLogs/allProperties/read permission.
 */
export const auditReaderRoles: readonly string[] = [
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
  '5d6b6bb7-de71-4623-b4af-96380a352509', // Security Reader
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451', // Global Reader
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
];

/**
 * Checked before the query is even read, so a caller without the permission learns nothing from a
 * 400: the app needs AuditLog.Read.All, and a signed-in person also one of the roles above.
 */
export function requireAuditRead(principal: Principal): void {
  // Graph documents "AuditLog.Read.All and Directory.Read.All", the second only as a workaround for
  // its license checks; Portico has none, so AuditLog.Read.All alone is enough.
  if (!permissionsOf(principal).includes('AuditLog.Read.All')) throw auditPermissionMissing();
  if (principal.kind === 'user' && !principal.roleTemplateIds.some((r) => auditReaderRoles.includes(r.toLowerCase()))) {
    throw insufficientPrivileges();
  }
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
