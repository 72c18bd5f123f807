import { ODataSyntaxError, parseFilter, parseOrderBy, parseSearch } from '../../odata/index.js';
import type { DomainError } from '../errors.js';
import { userQuerySchema } from './filterable-properties.js';
import { invalidFilter, invalidOrderBy, invalidSearch, searchNeedsHeader } from './query-errors.js';
import { and, type UserQuery } from './user-query.js';
import { validateFilter } from './validate-filter.js';
import { validateOrderBy } from './validate-orderby.js';
import { validateSearch } from './validate-search.js';

/** Query option texts as the client sent them (already URL-decoded); empty means absent. */
export interface QueryTexts {
  readonly filter?: string;
  readonly orderBy?: string;
  readonly search?: string;
}

export interface QueryMode {
  /** The request carried `ConsistencyLevel: eventual`. */
  readonly eventual: boolean;
  /** `$count=true`, or the `/$count` segment. */
  readonly count: boolean;
}

/**
 * Texts -> a validated UserQuery: the one entry point for HTTP, `$batch` and the CLI. A request is
 * an advanced query when it carries `ConsistencyLevel: eventual` and either `$count` or `$search`
 * (aad-advanced-queries: the header "and, except for $search, … the $count query parameter").
 */
export function buildUserQuery(texts: QueryTexts, mode: QueryMode): UserQuery {
  const filterText = present(texts.filter);
  const orderText = present(texts.orderBy);
  const searchText = present(texts.search);
  if (searchText !== undefined && !mode.eventual) throw searchNeedsHeader();
  const advanced = mode.eventual && (mode.count || searchText !== undefined);
  const ctx = { advanced, schema: userQuerySchema };
  const filter = filterText === undefined ? null : validateFilter(parse(filterText, parseFilter, invalidFilter), ctx);
  const search = searchText === undefined ? null : validateSearch(parse(searchText, parseSearch, invalidSearch));
  const orderBy = orderText === undefined ? null
    : validateOrderBy(parse(orderText, parseOrderBy, invalidOrderBy), { ...ctx, filtered: filter !== null });
  return { filter: and([filter, search]), orderBy, advanced };
}

const present = (text: string | undefined): string | undefined => (text === undefined || text.trim() === '' ? undefined : text);

/**
 * Syntax errors become Graph's 400 with the parser's message (which carries the position). Text
 * holding U+0000 is refused first: no stored value can contain it (PostgreSQL text cannot).
 */
export function parse<T>(text: string, run: (text: string) => T, wrap: (message: string) => DomainError): T {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw wrap(`Syntax error: character U+0000 is not valid at position ${nul}.`);
  try {
    return run(text);
  } catch (err) {
    if (err instanceof ODataSyntaxError) throw wrap(err.message);
    throw err;
  }
}
