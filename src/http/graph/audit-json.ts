import type { AuditRecord, AuditTarget, Initiator } from '../../domain/model.js';
import { selectedNames } from './select-names.js';

/**
 * Graph's directoryAudit JSON (directoryAudit resource type): an initiator is `user`
 * (userIdentity: id, displayName, userPrincipalName, ipAddress) or `app` (appIdentity: appId,
 * displayName, servicePrincipalId, servicePrincipalName), the other one null; targets are
 * targetResource objects. Portico records no caller IP address, so `ipAddress` is null.
 */
function initiatorJson(by: Initiator) {
  return by.kind === 'user'
    ? { user: { id: by.userId, displayName: by.displayName, userPrincipalName: by.userPrincipalName, ipAddress: null }, app: null }
    : { user: null, app: { appId: by.appId, displayName: by.displayName, servicePrincipalId: by.servicePrincipalId, servicePrincipalName: by.displayName } };
}

function targetJson(t: AuditTarget) {
  return {
    id: t.id, displayName: t.displayName ?? null, type: t.type, userPrincipalName: t.userPrincipalName ?? null,
    groupType: null, modifiedProperties: t.modifiedProperties ?? [],
  };
}

const properties: Record<string, (a: AuditRecord) => unknown> = {
  id: (a) => a.id,
  category: (a) => a.category,
  correlationId: (a) => a.correlationId ?? a.id,
  result: (a) => a.result,
  resultReason: (a) => a.resultReason,
  activityDisplayName: (a) => a.activityDisplayName,
  activityDateTime: (a) => a.activityDateTime,
  loggedByService: (a) => a.loggedByService,
  operationType: (a) => a.operationType ?? null,
  initiatedBy: (a) => initiatorJson(a.initiatedBy),
  targetResources: (a) => a.targetResources.map(targetJson),
  additionalDetails: (a) => a.additionalDetails ?? [],
};

const allProperties = Object.keys(properties);
/** `$select` on audit records: names any case; an unknown one is 400, as for users. Absent: everything. */
export function parseAuditSelect(raw: string | undefined): { names: string[]; explicit: boolean } {
  const names = selectedNames(raw, allProperties, 'microsoft.graph.directoryAudit');
  return typeof names === 'string' ? { names: allProperties, explicit: false } : { names, explicit: true };
}

export function auditJson(a: AuditRecord, select: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!select.includes('id')) out.id = a.id;
  for (const name of select) out[name] = properties[name](a);
  return out;
}
