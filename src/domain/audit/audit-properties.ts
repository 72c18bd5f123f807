import type { QuerySchema } from '../users/filter-checks.js';
import type { FilterableProperty, Location } from '../users/filterable-properties.js';

/**
 * What a Graph client may ask about directory audit records (`GET /auditLogs/directoryAudits`):
 * the same kind of property table as users', read by the same validators and SQL compiler.
 *
 * Sources: Graph's directoryAudit resource page ("Supports $filter (eq, ge, le) and $orderby" on
 * activityDateTime, "(eq, startswith)" on activityDisplayName, eq on id, correlationId and
 * loggedByService, eq on initiatedBy user/id, user/displayName, user/userPrincipalName, app/appId
 * and app/displayName with startswith on user/userPrincipalName, eq on targetResources id and
 * displayName with startswith on displayName) and the List directoryAudits page's attribute table
 * (`targetResources/any(t: t/id eq '{value}')`). Portico adds eq on category and result.
 * Audit logs have no advanced queries: `ne`, `not`, `endsWith` and `/$count` are refused.
 */

/** Columns of audit_logs a query may read (migration 008 adds the initiator and correlation columns). */
export type AuditColumn =
  | 'id' | 'activity' | 'activity_at' | 'category' | 'logged_by' | 'result' | 'correlation_id'
  | 'initiator_user_id' | 'initiator_user_name' | 'initiator_user_upn' | 'initiator_app_id' | 'initiator_app_name';

const D = 'default' as const;
const at = (column: AuditColumn): Location => ({ table: 'audit_logs', column });
const guid = (name: string, column: AuditColumn): FilterableProperty => ({ name, type: 'guid', location: at(column), eq: D });
const text = (name: string, column: AuditColumn, startsWith = false): FilterableProperty => ({
  name, type: 'string', location: at(column), eq: D, ...(startsWith ? { startsWith: D } : {}),
});

const table: readonly FilterableProperty[] = [
  guid('id', 'id'),
  text('activityDisplayName', 'activity', true),
  { name: 'activityDateTime', type: 'dateTimeOffset', location: at('activity_at'), eq: D, range: D, orderBy: D },
  text('category', 'category'),
  guid('correlationId', 'correlation_id'),
  text('loggedByService', 'logged_by'),
  text('result', 'result'),
  guid('initiatedBy/user/id', 'initiator_user_id'),
  text('initiatedBy/user/displayName', 'initiator_user_name'),
  text('initiatedBy/user/userPrincipalName', 'initiator_user_upn', true),
  guid('initiatedBy/app/appId', 'initiator_app_id'),
  text('initiatedBy/app/displayName', 'initiator_app_name'),
  {
    name: 'targetResources', type: 'objects', location: { table: 'audit_targets' }, eq: D,
    fields: [{ name: 'id', eq: D }, { name: 'displayName', eq: D, startsWith: D }],
  },
];

const byLowerPath = new Map(table.map((p) => [p.name.toLowerCase(), p]));

export const auditQuerySchema: QuerySchema = {
  resource: 'directoryAudit',
  advancedQueries: false,
  property: (path) => byLowerPath.get(path.join('/').toLowerCase()),
};

export const auditProperties: readonly FilterableProperty[] = table;
