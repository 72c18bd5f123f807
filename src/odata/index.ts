/**
 * Microsoft Graph's query options on directory objects: `$filter`, `$orderby`, `$select` and
 * `$search` text -> trees (ast.ts) and back. A pure leaf: it imports nothing outside odata/.
 * Every parser throws ODataSyntaxError and nothing else.
 */
export type * from './ast.js';
export { decodeQueryValue } from './decode.js';
export { ODataSyntaxError } from './errors.js';
export { parseFilter } from './filter-parser.js';
export { printFilter, printLiteral, printOperand } from './filter-printer.js';
export * from './limits.js';
export { parseOrderBy, printOrderBy } from './orderby.js';
export { parseSearch, printSearch } from './search-parser.js';
export { parseSelect } from './select.js';
