import type { User } from '../../domain/model.js';
import type { Db, UsersTable } from '../schema.js';
import { fromUserRow, multiValued } from './user-row.js';

/**
 * Users rows -> domain users, loading the child rows of all of them in two queries whatever the
 * page size. Only the property kinds of user_values are read, not the search tokens kept beside them.
 */
export async function hydrateUsers(db: Db, tenantId: string, rows: UsersTable[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [values, identities] = await Promise.all([
    db.selectFrom('user_values').selectAll().where('tenant_id', '=', tenantId).where('user_id', 'in', ids)
      .where('kind', 'in', [...multiValued]).execute(),
    db.selectFrom('user_identities').selectAll().where('tenant_id', '=', tenantId).where('user_id', 'in', ids).execute(),
  ]);
  return rows.map((r) => fromUserRow(r, values.filter((v) => v.user_id === r.id), identities.filter((i) => i.user_id === r.id)));
}
