import type { AuditRepo } from '../../domain/ports.js';
import type { Initiator } from '../../domain/model.js';
import type { AuditRecord } from '../../domain/model.js';
import type { Db } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';

export function auditRepo(db: Db): AuditRepo {
  return {
    async append(a) {
      const row = {
        tenant_id: a.tenantId, id: a.id, activity: a.activityDisplayName, category: a.category,
        logged_by: a.loggedByService, initiated_by: JSON.stringify(a.initiatedBy), targets: JSON.stringify(a.targetResources),
        result: a.result, result_reason: a.resultReason, activity_at: a.activityDateTime,
      };
      await runCompiledOnce(db, 'audit_logs.insert', () => db.insertInto('audit_logs').values(row), Object.values(row));
    },
    async list(tenantId) {
      const rows = await db.selectFrom('audit_logs').selectAll().where('tenant_id', '=', tenantId)
        .orderBy('activity_at', 'desc').orderBy('id').execute();
      return rows.map((r) => ({
        tenantId: r.tenant_id, id: r.id, activityDisplayName: r.activity, category: r.category, loggedByService: r.logged_by,
        initiatedBy: JSON.parse(r.initiated_by) as Initiator,
        targetResources: JSON.parse(r.targets) as AuditRecord['targetResources'],
        result: r.result as AuditRecord['result'], resultReason: r.result_reason, activityDateTime: r.activity_at,
      }));
    },
  };
}
