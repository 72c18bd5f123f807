import { DomainError } from '../../domain/errors.js';
import { ODataSyntaxError, parseSelect, type SelectItem } from '../../odata/index.js';

const selectFailed = (message: string) =>
  new DomainError('BadRequest', 'Request_BadRequest', `Parsing OData Select and Expand failed: ${message}`);

/**
 * Reads `$select` against a resource's properties (odata's parseSelect): names in any case, each
 * once, spelled as Graph spells them; an unknown name is Graph's 400 naming the type. 'absent' when
 * no `$select` was given, 'all' for `*`.
 */
export function selectedNames(raw: string | undefined, properties: readonly string[], typeName: string): string[] | 'absent' | 'all' {
  if (raw === undefined || raw.trim() === '') return 'absent';
  let items: SelectItem[];
  try {
    items = parseSelect(raw);
  } catch (err) {
    if (err instanceof ODataSyntaxError) throw selectFailed(err.message);
    throw err;
  }
  const byLower = new Map(properties.map((k) => [k.toLowerCase(), k]));
  const names: string[] = [];
  for (const item of items) {
    if (item.kind === 'wildcard') return 'all';
    const known = byLower.get(item.name.toLowerCase());
    if (!known) throw selectFailed(`Could not find a property named '${item.name}' on type '${typeName}'.`);
    if (!names.includes(known)) names.push(known);
  }
  return names;
}
