import { DomainError } from '../../domain/errors.js';
import { decodeQueryValue, ODataSyntaxError, parseFilter, type FilterNode } from '../../odata/index.js';

export interface AssignmentQuery {
  filter: { principalId?: string; roleTemplateId?: string };
  /** `$expand=principal` (rbacapplication-list-roleassignments.md, example 1). */
  expandPrincipal: boolean;
}

const bad = (message: string) => new DomainError('BadRequest', 'Request_BadRequest', message);
const unsupported = (message: string) => new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', message);

/** Graph's filterable properties of unifiedRoleAssignment that Portico serves (`eq`, joined by `and`). */
const FILTERABLE: Record<string, 'principalId' | 'roleTemplateId' | 'directoryScopeId'> = {
  principalid: 'principalId', roledefinitionid: 'roleTemplateId', directoryscopeid: 'directoryScopeId',
};

/**
 * Reads `$filter` and `$expand` of `GET /roleManagement/directory/roleAssignments` from the raw URL,
 * each decoded once (as for users). `directoryScopeId eq '/'` is accepted (every assignment is
 * tenant-wide); any other scope matches nothing.
 */
export function readAssignmentQuery(url: string): AssignmentQuery & { impossible: boolean } {
  const q: AssignmentQuery & { impossible: boolean } = { filter: {}, expandPrincipal: false, impossible: false };
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const seen = new Set<string>();
  for (const part of query.split('&').filter(Boolean)) {
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (name.startsWith('$') && seen.has(name)) throw bad(`Query option '${name}' was specified more than once.`);
    seen.add(name);
    if (name === '$filter') applyFilter(q, parse(value));
    else if (name === '$expand') {
      if (value.trim().toLowerCase() !== 'principal') throw bad(`Parsing OData Select and Expand failed: Could not find a property named '${value}' on type 'microsoft.graph.unifiedRoleAssignment'.`);
      q.expandPrincipal = true;
    } else if (name.startsWith('$')) throw bad(`Query option '${name}' is not supported.`);
  }
  return q;
}

function decode(raw: string): string {
  try {
    return decodeQueryValue(raw);
  } catch (err) {
    if (err instanceof ODataSyntaxError) throw bad(err.message);
    throw err;
  }
}

function parse(text: string): FilterNode {
  try {
    return parseFilter(text);
  } catch (err) {
    if (err instanceof ODataSyntaxError) throw bad(`Invalid filter clause: ${err.message}`);
    throw err;
  }
}

function applyFilter(q: AssignmentQuery & { impossible: boolean }, node: FilterNode): void {
  if (node.kind === 'and') {
    for (const operand of node.operands) applyFilter(q, operand);
    return;
  }
  if (node.kind !== 'compare' || node.operator !== 'eq' || node.left.kind !== 'property' || node.left.path.length !== 1
    || node.right.kind !== 'literal' || (node.right.type !== 'string' && node.right.type !== 'guid')) {
    throw unsupported("Unsupported query: only 'eq' comparisons of principalId, roleDefinitionId and directoryScopeId, joined by 'and', are supported.");
  }
  const property = FILTERABLE[node.left.path[0].toLowerCase()];
  if (!property) throw unsupported(`Unsupported or invalid query filter clause specified for property '${node.left.path[0]}' of resource 'UnifiedRoleAssignment'.`);
  const value = node.right.type === 'string' ? node.right.value : node.right.text;
  if (property === 'directoryScopeId') {
    if (value !== '/') q.impossible = true;
    return;
  }
  const previous = q.filter[property];
  if (previous !== undefined && previous.toLowerCase() !== value.toLowerCase()) q.impossible = true;
  q.filter[property] = value;
}
