import type { AuditRecord, AuditTarget, Initiator } from '../../domain/model.js';
import type { AuditLogsTable, AuditTargetsTable } from '../schema.js';

/**
 * Mapping between audit records and their rows. The JSON columns (initiated_by, targets, details)
 * are what is shown; the initiator columns and audit_targets rows only exist so that
 * `$filter` finds records through indexes. GUIDs and target ids are stored lower-cased.
 */
export function initiatorColumns(by: Initiator): Pick<AuditLogsTable,
  'initiator_user_id' | 'initiator_user_name' | 'initiator_user_upn' | 'initiator_app_id' | 'initiator_app_name'> {
  return by.kind === 'user'
    ? { initiator_user_id: by.userId.toLowerCase(), initiator_user_name: by.displayName, initiator_user_upn: by.userPrincipalName, initiator_app_id: null, initiator_app_name: null }
    : { initiator_user_id: null, initiator_user_name: null, initiator_user_upn: null, initiator_app_id: by.appId.toLowerCase(), initiator_app_name: by.displayName };
}

export function targetRows(tenantId: string, auditId: string, targets: readonly AuditTarget[]): AuditTargetsTable[] {
  return targets.map((t, ord) => ({ tenant_id: tenantId, audit_id: auditId, ord, target_id: t.id.toLowerCase(), display_name: t.displayName ?? null }));
}

/** The row of a record, every column present (null rather than undefined) in a fixed order. */
export function auditRow(a: AuditRecord): AuditLogsTable {
  return {
    tenant_id: a.tenantId, id: a.id, activity: a.activityDisplayName, category: a.category, logged_by: a.loggedByService,
    initiated_by: JSON.stringify(a.initiatedBy), targets: JSON.stringify(a.targetResources), result: a.result,
    result_reason: a.resultReason, activity_at: a.activityDateTime,
    correlation_id: (a.correlationId ?? a.id).toLowerCase(), operation_type: a.operationType ?? null,
    details: a.additionalDetails ? JSON.stringify(a.additionalDetails) : null,
    ...initiatorColumns(a.initiatedBy),
  };
}

export function auditRecord(r: AuditLogsTable): AuditRecord {
  return {
    tenantId: r.tenant_id, id: r.id, activityDisplayName: r.activity, category: r.category, loggedByService: r.logged_by,
    initiatedBy: JSON.parse(r.initiated_by) as Initiator,
    targetResources: JSON.parse(r.targets) as AuditTarget[],
    result: r.result as AuditRecord['result'], resultReason: r.result_reason, activityDateTime: r.activity_at,
    correlationId: r.correlation_id ?? r.id, operationType: r.operation_type,
    additionalDetails: r.details === null ? [] : JSON.parse(r.details) as AuditRecord['additionalDetails'],
  };
}
