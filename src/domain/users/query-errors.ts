import { DomainError } from '../errors.js';

/**
 * Graph's refusals of user queries, worded as Graph words them (aad-advanced-queries "Error
 * handling", and responses reported in microsoftgraph docs issues). All are 400.
 */

const unsupported = (message: string) => new DomainError('UnsupportedQuery', 'Request_UnsupportedQuery', message);
const bad = (message: string) => new DomainError('BadRequest', 'Request_BadRequest', message);

/** An unknown or unfilterable property, or an operator the property does not support (here). */
export const unsupportedClause = (property: string, resource = 'User') =>
  unsupported(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`);

/** An operator that exists only in advanced queries, asked for without the parameters. */
export const needsAdvancedQuery = (operator: string) =>
  unsupported(
    `Operator '${operator}' is not supported because the required parameters might be missing. ` +
    'Try adding $count=true query parameter and ConsistencyLevel:eventual header. ' +
    'Refer to https://aka.ms/graph-docs/advanced-queries for more information',
  );

/** `contains` is not a directory-object operator (microsoft-graph-docs#14451). */
export const unsupportedOperator = (operator: string) =>
  unsupported(`Unsupported property filter clause operator '${operator}'.`);

/** Graph's default cap on `in` lists and `or` chains without advanced queries. */
export const tooManyClauses = (count: number, max: number) =>
  unsupported(`Too many child clauses specified in search filter expression containing 'OR' operators: ${count}. Max allowed: ${max}.`);

/** The parser's message, with Graph's prefix (it already names the position). */
export const invalidFilter = (message: string) => bad(`Invalid filter clause: ${message}`);
export const invalidOrderBy = (message: string) => bad(`Invalid $orderby clause: ${message}`);
export const invalidSearch = (message: string) => bad(`Invalid $search clause: ${message}`);

/** ODataLib's type check, e.g. `displayName eq 1`. */
export const incompatibleTypes = (left: string, right: string, operator: string) =>
  invalidFilter(`A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${operator}'.`);

/** `$filter` with `$orderby`, or more than one sort property, without/with advanced queries. */
export const sortingNotSupported = () => unsupported('Sorting not supported for current query.');

export const unsupportedSort = (property: string, resource = 'User') => unsupported(`Unsupported sort property '${property}' for '${resource}'.`);

export const searchNeedsHeader = () =>
  unsupported("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");

export const unsupportedSearchProperty = (property: string) =>
  unsupported(`Unsupported search property '${property}' for 'User'.`);
