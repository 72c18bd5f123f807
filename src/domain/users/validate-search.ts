import type { SearchNode } from '../../odata/index.js';
import { filterableProperty, isCollection } from './filterable-properties.js';
import { unsupportedSearchProperty } from './query-errors.js';
import { searchTokens } from './search-tokens.js';
import type { QueryFilter } from './user-query.js';

/**
 * `$search` AST -> QueryFilter. displayName is matched word by word (search-tokens.ts); every
 * other string property "defaults to $filter startswith behavior" (Graph's search page), on the
 * elements of a collection through `any`. Clauses keep their AND/OR structure. The caller has
 * checked the ConsistencyLevel header, so every searchable property is allowed.
 */
export function validateSearch(node: SearchNode): QueryFilter {
  if (node.kind !== 'term') return { kind: node.kind, operands: node.operands.map(validateSearch) };
  const property = filterableProperty(node.property);
  if (!property?.search) throw unsupportedSearchProperty(node.property);
  if (property.search === 'tokenized') return { kind: 'words', property, tokens: searchTokens(node.value) };
  if (isCollection(property)) {
    return {
      kind: 'any', collection: property,
      predicate: { kind: 'startsWith', target: { kind: 'element', collection: property }, value: node.value },
    };
  }
  return { kind: 'startsWith', target: { kind: 'scalar', property }, value: node.value };
}
