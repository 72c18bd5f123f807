import type { User } from '../../domain/model.js';
import type { UserCollection } from '../../domain/ports.js';
import { runCompiledOnce } from '../compiled-once.js';
import type { Db, UsersTable } from '../schema.js';
import { fromUserRow, multiValued } from './user-row.js';

/**
 * Users rows -> domain users, loading the child rows of all of them in at most two queries whatever
 * the page size: one for the multi-valued strings, one for the identities, each skipped when
 * `collections` leaves it out (those collections then come back empty). Only the property kinds
 * of user_values are read, not the search tokens kept beside them.
 */
export async function hydrateUsers(db: Db, tenantId: string, rows: UsersTable[], collections?: readonly UserCollection[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const kinds = collections === undefined ? multiValued : multiValued.filter((k) => collections.includes(k));
  const withIdentities = collections === undefined || collections.includes('identities');
  // Compiled once per page size and kinds (compiled-once.ts): building the query cost more than running it.
  const [values, identities] = await Promise.all([
    kinds.length === 0 ? [] : runCompiledOnce(db, `users.hydrate.values.${ids.length}.${kinds.join(',')}`, () => db.selectFrom('user_values').selectAll()
      .where('tenant_id', '=', tenantId).where('user_id', 'in', ids).where('kind', 'in', [...kinds]), [tenantId, ...ids, ...kinds]).then((r) => r.rows),
    !withIdentities ? [] : runCompiledOnce(db, `users.hydrate.identities.${ids.length}`, () => db.selectFrom('user_identities').selectAll()
      .where('tenant_id', '=', tenantId).where('user_id', 'in', ids), [tenantId, ...ids]).then((r) => r.rows),
  ]);
  // Grouped once: filtering every child row for every user is quadratic in the page size.
  const valuesOf = groupBy(values, (v) => v.user_id);
  const identitiesOf = groupBy(identities, (i) => i.user_id);
  return rows.map((r) => fromUserRow(r, valuesOf.get(r.id) ?? [], identitiesOf.get(r.id) ?? []));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
