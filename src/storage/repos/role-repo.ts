import type { RoleAssignment } from '../../domain/model.js';
import type { RoleRepo } from '../../domain/ports.js';
import type { Db, RoleAssignmentsTable } from '../schema.js';

export function roleRepo(db: Db): RoleRepo {
  return {
    async activate(tenantId, roleTemplateId, at) {
      const r = await db.insertInto('directory_roles').values({ tenant_id: tenantId, role_template_id: roleTemplateId, activated_at: at })
        .onConflict((oc) => oc.columns(['tenant_id', 'role_template_id']).doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async activatedTemplateIds(tenantId) {
      const rows = await db.selectFrom('directory_roles').select('role_template_id').where('tenant_id', '=', tenantId)
        .orderBy('activated_at').orderBy('role_template_id').execute();
      return rows.map((r) => r.role_template_id);
    },
    async assign(a) {
      // ON CONFLICT DO NOTHING waits for a concurrent writer of the same key and never aborts the
      // surrounding transaction, so two processes assigning the same role make one assignment.
      const r = await db.insertInto('role_assignments').values({
        tenant_id: a.tenantId, id: a.id, role_template_id: a.roleTemplateId, principal_id: a.principalId,
        directory_scope_id: a.directoryScopeId, created_at: a.createdDateTime,
      }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async unassign(tenantId, id) {
      const r = await db.deleteFrom('role_assignments').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async removeAllFor(tenantId, principalId) {
      await db.deleteFrom('role_assignments').where('tenant_id', '=', tenantId).where('principal_id', '=', principalId).execute();
    },
    async findAssignment(tenantId, id) {
      const row = await db.selectFrom('role_assignments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row && toAssignment(row);
    },
    async assignments(tenantId, filter) {
      let q = db.selectFrom('role_assignments').selectAll().where('tenant_id', '=', tenantId);
      if (filter.principalId !== undefined) q = q.where('principal_id', '=', filter.principalId);
      if (filter.roleTemplateId !== undefined) q = q.where('role_template_id', '=', filter.roleTemplateId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toAssignment);
    },
    async templateIdsOf(tenantId, userId) {
      const rows = await db.selectFrom('role_assignments').select('role_template_id')
        .where('tenant_id', '=', tenantId).where('principal_id', '=', userId.toLowerCase()).orderBy('role_template_id').execute();
      return rows.map((r) => r.role_template_id);
    },
  };
}

function toAssignment(r: RoleAssignmentsTable): RoleAssignment {
  return {
    tenantId: r.tenant_id, id: r.id, roleTemplateId: r.role_template_id, principalId: r.principal_id,
    directoryScopeId: r.directory_scope_id, createdDateTime: r.created_at,
  };
}
