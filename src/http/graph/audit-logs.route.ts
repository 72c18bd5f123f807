import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { buildAuditQuery } from '../../domain/audit/build-audit-query.js';
import { getAuditRecord, listAuditLogs, requireAuditRead } from '../../domain/audit/read-audit-logs.js';
import { DomainError } from '../../domain/errors.js';
import { auditJson, parseAuditSelect } from './audit-json.js';
import { principalOf } from './authenticate.js';
import { sendGraphJson } from './graph-headers.js';
import { graphRoute } from './graph-route.js';
import { queryFingerprint, type SkipTokens } from './paging.js';
import { readQueryOptions, type QueriedResource, type UserQueryOptions } from './query-options.js';
import type { ApiVersion } from './user-json.js';

/**
 * Graph's audit log pages, served by the reporting service rather than the directory: like List
 * signIns, at most 1,000 records a page and 1,000 by default, newest first (graph-spec has no
 * figure for directoryAudits; docs/compatibility.md).
 */
const AUDIT_LOGS: QueriedResource = { pageSize: { default: 1000, max: 1000 }, item: 'audit record' };

/** Graph's own documents spell the segment `directoryAudits` and `directoryaudits`; both work. */
const COLLECTIONS = ['/auditLogs/directoryAudits', '/auditLogs/directoryaudits', '/auditlogs/directoryaudits'];

const texts = (opts: UserQueryOptions) => ({ filter: opts.filter, orderBy: opts.orderBy, search: opts.search });

export function auditLogRoutes(app: FastifyInstance, services: Services, version: ApiVersion, tokens: SkipTokens): void {
  for (const path of COLLECTIONS) {
    graphRoute(app, path, { GET: { handler: (request, reply) => listHandler(services, version, tokens, request, reply) } });
    graphRoute(app, `${path}/:id`, { GET: { handler: (request, reply) => getHandler(services, version, request, reply) } });
  }
}

/**
 * GET /auditLogs/directoryAudits: steps — authorize, read the options, build and validate the
 * query, resume from the skiptoken, read one page, answer with a nextLink that repeats the options.
 */
async function listHandler(services: Services, version: ApiVersion, tokens: SkipTokens, request: FastifyRequest, reply: FastifyReply) {
  const base = services.config.publicUrl;
  const principal = principalOf(request);
  requireAuditRead(principal);
  const opts = readQueryOptions(request.url, version, true, AUDIT_LOGS);
  if (opts.count) throw new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', "Query option '$count' is not supported for 'directoryAudit'.");
  const select = parseAuditSelect(opts.select);
  const query = buildAuditQuery(texts(opts));
  const fingerprint = queryFingerprint(texts(opts));
  const after = opts.skiptoken ? tokens.read(principal.tenantId, opts.skiptoken, fingerprint) : null;
  const page = await listAuditLogs(services.store, principal, query, { after, top: opts.top });
  const body: Record<string, unknown> = {
    '@odata.context': `${base}/${version}/$metadata#auditLogs/directoryAudits${select.explicit ? `(${select.names.join(',')})` : ''}`,
  };
  if (page.next) {
    const pairs: [string, string | undefined][] = [
      ['$filter', opts.filter], ['$orderby', opts.orderBy], ['$select', opts.select], ['$top', String(opts.top)],
      ['$skiptoken', tokens.issue(principal.tenantId, page.next, fingerprint)],
    ];
    const query = pairs.filter((p): p is [string, string] => p[1] !== undefined).map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&');
    body['@odata.nextLink'] = `${base}/${version}/auditLogs/directoryAudits?${query}`;
  }
  body.value = page.records.map((r) => auditJson(r, select.names));
  return sendGraphJson(reply, 200, body);
}

async function getHandler(services: Services, version: ApiVersion, request: FastifyRequest, reply: FastifyReply) {
  const base = services.config.publicUrl;
  const principal = principalOf(request);
  requireAuditRead(principal);
  const opts = readQueryOptions(request.url, version, false, AUDIT_LOGS);
  const select = parseAuditSelect(opts.select);
  const record = await getAuditRecord(services.store, principal, (request.params as { id: string }).id);
  return sendGraphJson(reply, 200, {
    '@odata.context': `${base}/${version}/$metadata#auditLogs/directoryAudits${select.explicit ? `(${select.names.join(',')})` : ''}/$entity`,
    ...auditJson(record, select.names),
  });
}
