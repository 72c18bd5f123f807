import { sql, type Kysely } from 'kysely';
import type { AuditTarget, Initiator } from '../../domain/model.js';
import { isPostgres } from '../dialect.js';
import { initiatorColumns, targetRows } from '../repos/audit-row.js';

/**
 * Audit log queries (`GET /auditLogs/directoryAudits`, domain/audit/audit-properties.ts): the
 * initiator's queryable fields and the correlation id as columns, one audit_targets row per target
 * resource so `targetResources/any(t: t/id eq '…')` is an index lookup rather than a scan of every
 * record's JSON, and indexes led by tenant_id that end in (activity_at, id), the default order
 * (activityDateTime desc, then id), so a filtered first page reads the index in order. As in
 * migration 002, text keys are COLLATE "C" on PostgreSQL, as the queries compare them.
 * Records written before this migration are filled in from their JSON.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'correlation_id', 'operation_type', 'details', 'initiator_user_id', 'initiator_user_name', 'initiator_user_upn',
    'initiator_app_id', 'initiator_app_name',
  ]) await db.schema.alterTable('audit_logs').addColumn(column, 'text').execute();

  await db.schema.createTable('audit_targets')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('audit_id', 'text', (c) => c.notNull())
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addPrimaryKeyConstraint('audit_targets_pk', ['tenant_id', 'audit_id', 'ord'])
    .execute();

  await backfill(db);

  const pg = isPostgres(db);
  const text = (expr: string) => (pg ? `${expr} collate "C"` : expr);
  const time = text('activity_at');
  const indexes: [name: string, table: string, keys: string][] = [
    ['audit_logs_q_time', 'audit_logs', `tenant_id, ${time}, id`],
    ['audit_logs_q_activity', 'audit_logs', `tenant_id, ${text('lower(activity)')}, ${time}, id`],
    ['audit_logs_q_user', 'audit_logs', `tenant_id, initiator_user_id, ${time}, id`],
    ['audit_logs_q_app', 'audit_logs', `tenant_id, initiator_app_id, ${time}, id`],
    ['audit_logs_q_upn', 'audit_logs', `tenant_id, ${text('lower(initiator_user_upn)')}, ${time}, id`],
    ['audit_logs_q_correlation', 'audit_logs', 'tenant_id, correlation_id'],
    ['audit_targets_q_id', 'audit_targets', `tenant_id, ${text('target_id')}, audit_id`],
    ['audit_targets_q_name', 'audit_targets', `tenant_id, ${text('lower(display_name)')}, audit_id`],
  ];
  // Index names and keys are the constants above; nothing here comes from outside.
  for (const [name, table, keys] of indexes) await sql.raw(`create index ${name} on ${table} (${keys})`).execute(db);
}

const BATCH = 500;

async function backfill(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped.withTables<{
    audit_logs: {
      tenant_id: string; id: string; initiated_by: string; targets: string; correlation_id: string | null;
      initiator_user_id: string | null; initiator_user_name: string | null; initiator_user_upn: string | null;
      initiator_app_id: string | null; initiator_app_name: string | null;
    };
    audit_targets: { tenant_id: string; audit_id: string; ord: number; target_id: string; display_name: string | null };
  }>();
  let after: { tenant_id: string; id: string } | undefined;
  for (;;) {
    let q = db.selectFrom('audit_logs').select(['tenant_id', 'id', 'initiated_by', 'targets']).orderBy('tenant_id').orderBy('id').limit(BATCH);
    if (after) {
      const { tenant_id, id } = after;
      q = q.where((eb) => eb.or([eb('tenant_id', '>', tenant_id), eb.and([eb('tenant_id', '=', tenant_id), eb('id', '>', id)])]));
    }
    const records = await q.execute();
    if (records.length === 0) return;
    for (const r of records) {
      await db.updateTable('audit_logs')
        .set({ correlation_id: r.id.toLowerCase(), ...initiatorColumns(JSON.parse(r.initiated_by) as Initiator) })
        .where('tenant_id', '=', r.tenant_id).where('id', '=', r.id).execute();
    }
    const targets = records.flatMap((r) => targetRows(r.tenant_id, r.id, JSON.parse(r.targets) as AuditTarget[]));
    if (targets.length > 0) await db.insertInto('audit_targets').values(targets).execute();
    after = records[records.length - 1];
  }
}
