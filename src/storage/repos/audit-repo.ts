import { sql, type SqlBool } from 'kysely';
import type { AuditRepo } from '../../domain/ports.js';
import type { KeysetPosition, ResourceQuery } from '../../domain/users/user-query.js';
import { isPostgres } from '../dialect.js';
import { filterToSql, type SqlScope } from '../filter-to-sql.js';
import { ordering, readKeysetPage } from '../keyset.js';
import { literalLimit } from '../literal-limit.js';
import type { AuditLogsTable, Db } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';
import { insertRows } from '../insert-rows.js';
import { auditRecord, auditRow, targetRows } from './audit-row.js';

const ALIAS = 'a';

type Row = AuditLogsTable & { sort_key?: string | null };

/** The SQL of one audit query: its order and the select of each of the order's segments. */
export function auditQuerySql(db: Db, tenantId: string, query: ResourceQuery) {
  const scope: SqlScope = { pg: isPostgres(db), tenantId, table: 'audit_logs', aliases: { next: 0 } };
  const filter = query.filter ? filterToSql(query.filter, ALIAS, scope) : sql<SqlBool>`1 = 1`;
  const order = ordering(query.orderBy, ALIAS, scope.pg);
  return {
    order,
    segment(index: number, after: KeysetPosition | null, limit: number) {
      const segment = order.segments[index];
      let q = db.selectFrom(`audit_logs as ${ALIAS}`).selectAll(ALIAS).where(`${ALIAS}.tenant_id`, '=', tenantId).where(filter).where(segment.where);
      if (order.key) q = q.select(sql<string | null>`${order.key}`.as('sort_key'));
      if (after !== null) q = q.where(segment.after(after));
      return q.orderBy(segment.orderBy).limit(literalLimit(limit));
    },
  };
}

export function auditRepo(db: Db): AuditRepo {
  return {
    async append(a) {
      const row = auditRow(a);
      await runCompiledOnce(db, 'audit_logs.insert', () => db.insertInto('audit_logs').values(row), Object.values(row));
      const targets = targetRows(a.tenantId, a.id, a.targetResources);
      await insertRows(db, 'audit_targets', targets);
    },
    async list(tenantId) {
      const rows = await db.selectFrom('audit_logs').selectAll().where('tenant_id', '=', tenantId)
        .orderBy('activity_at', 'desc').orderBy('id').execute();
      return rows.map(auditRecord);
    },
    async findById(tenantId, id) {
      const row = await db.selectFrom('audit_logs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      return row && auditRecord(row);
    },
    /** A keyset page of a validated query, compiled by the same filter-to-sql and keyset code as users'. */
    async query(tenantId, query, page) {
      const q = auditQuerySql(db, tenantId, query);
      const { rows, next } = await readKeysetPage(q.order, page, async (i, after, limit) => (await q.segment(i, after, limit).execute()) as Row[]);
      return { records: rows.map(({ sort_key: _key, ...row }) => auditRecord(row)), next };
    },
  };
}
