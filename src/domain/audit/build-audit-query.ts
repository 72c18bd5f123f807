import { parseFilter, parseOrderBy } from '../../odata/index.js';
import { DomainError } from '../errors.js';
import { parse } from '../users/build-user-query.js';
import { invalidFilter, invalidOrderBy } from '../users/query-errors.js';
import type { ResourceQuery } from '../users/user-query.js';
import { validateFilter } from '../users/validate-filter.js';
import { validateOrderBy } from '../users/validate-orderby.js';
import { auditQuerySchema } from './audit-properties.js';

export interface AuditQueryTexts {
  readonly filter?: string;
  readonly orderBy?: string;
  readonly search?: string;
}

const activityDateTime = auditQuerySchema.property(['activityDateTime']);

/**
 * `$filter`/`$orderby` texts -> a validated query over audit records, through the same parser and
 * validators as users' with the audit property table. The order is activityDateTime, newest
 * first unless `$orderby` says otherwise (List directoryAudits returns the most recent first),
 * ties broken by id in the same direction. `$search` does not exist on audit logs.
 */
export function buildAuditQuery(texts: AuditQueryTexts): ResourceQuery {
  if (present(texts.search) !== undefined) {
    throw new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', "Query option '$search' is not supported for 'directoryAudit'.");
  }
  const ctx = { advanced: false, schema: auditQuerySchema };
  const filterText = present(texts.filter);
  const orderText = present(texts.orderBy);
  const filter = filterText === undefined ? null : validateFilter(parse(filterText, parseFilter, invalidFilter), ctx);
  const orderBy = orderText === undefined
    ? { property: activityDateTime as NonNullable<typeof activityDateTime>, direction: 'desc' as const }
    : validateOrderBy(parse(orderText, parseOrderBy, invalidOrderBy), { ...ctx, filtered: filter !== null });
  return { filter, orderBy, advanced: false };
}

const present = (text: string | undefined): string | undefined => (text === undefined || text.trim() === '' ? undefined : text);
