import { sql } from 'kysely';
import type { UserCollection, UserRepo } from '../../domain/ports.js';
import type { User } from '../../domain/model.js';
import type { Db, UsersTable } from '../schema.js';
import { runCompiledOnce } from '../compiled-once.js';
import { isPostgres } from '../dialect.js';
import { insertRows } from '../insert-rows.js';
import { literalLimit } from '../literal-limit.js';
import { collate } from '../query-operands.js';
import { mapUnique } from '../unique-violation.js';
import { hydrateUsers } from './user-hydrate.js';
import { countUsers, queryUsers } from './user-query-repo.js';
import { identityRows, toUserRow, valueRows } from './user-row.js';

export function userRepo(db: Db): UserRepo {
  const hydrate = (tenantId: string, rows: UsersTable[]): Promise<User[]> => hydrateUsers(db, tenantId, rows);

  async function writeChildren(u: User): Promise<void> {
    await insertRows(db, 'user_values', valueRows(u));
    await insertRows(db, 'user_identities', identityRows(u));
  }

  async function deleteChildren(tenantId: string, id: string): Promise<void> {
    await db.deleteFrom('user_values').where('tenant_id', '=', tenantId).where('user_id', '=', id).execute();
    await db.deleteFrom('user_identities').where('tenant_id', '=', tenantId).where('user_id', '=', id).execute();
  }

  const one = async (tenantId: string, row: UsersTable | undefined, collections?: readonly UserCollection[]) =>
    (row ? (await hydrateUsers(db, tenantId, [row], collections))[0] : undefined);
  const base = (tenantId: string) => db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);

  return {
    async insert(u) {
      await mapUnique(() => db.insertInto('users').values(toUserRow(u)).execute());
      await writeChildren(u);
    },
    async insertIfAbsent(u) {
      const row = toUserRow(u);
      // The count of inserted rows, not RETURNING: SQLite runs RETURNING like a trigger and gives
      // the statement a journal that copies every page it touches first (see insert-rows.ts).
      const inserted = await runCompiledOnce(db, 'users.insertIfAbsent',
        () => db.insertInto('users').values(row).onConflict((oc) => oc.doNothing()), Object.values(row));
      if (!inserted.numAffectedRows) return false;
      await writeChildren(u);
      return true;
    },
    async update(u) {
      const { tenant_id, id, ...rest } = toUserRow(u);
      await mapUnique(() => db.updateTable('users').set(rest).where('tenant_id', '=', tenant_id).where('id', '=', id).execute());
      await deleteChildren(tenant_id, id);
      await writeChildren(u);
    },
    async delete(tenantId, id) {
      const r = await db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      await deleteChildren(tenantId, id);
      await db.deleteFrom('user_sponsors').where('tenant_id', '=', tenantId).where('user_id', '=', id).execute();
      return Number(r.numDeletedRows) > 0;
    },
    async findById(tenantId, id, collections) {
      const key = id.toLowerCase();
      return one(tenantId, (await runCompiledOnce(db, 'users.findById', () => base(tenantId).where('id', '=', key), [tenantId, key])).rows[0], collections);
    },
    async findByIds(tenantId, ids) {
      if (ids.length === 0) return [];
      const keys = ids.map((id) => id.toLowerCase());
      const { rows } = await runCompiledOnce(db, `users.findByIds.${keys.length}`, () => base(tenantId).where('id', 'in', keys), [tenantId, ...keys]);
      return hydrate(tenantId, rows);
    },
    async findByUpn(tenantId, upn, collections) {
      const key = upn.toLowerCase();
      return one(tenantId, (await runCompiledOnce(db, 'users.findByUpn', () => base(tenantId).where('upn_lower', '=', key), [tenantId, key])).rows[0], collections);
    },
    async findByInvitedAddress(tenantId, key) {
      return one(tenantId, await base(tenantId).where('invited_address_key', '=', key).executeTakeFirst());
    },
    async findByAnyAddress(tenantId, address, invitedKey) {
      const a = address.toLowerCase();
      // One simple indexed lookup per way an address can match, glued with UNION ALL. An OR across
      // columns (or with an IN subquery) reads every user of the tenant on both databases, and
      // `id IN (<union>)` leaves PostgreSQL free to pick a nested loop over all users when its
      // statistics are young; each branch here has only one sensible plan.
      // On PostgreSQL the query indexes (002) key text COLLATE "C": the lookups must say so too, or
      // they cannot use them and read every address of the tenant. Equality is the same either way.
      const pg = isPostgres(db);
      const key = (column: string) => collate(pg, sql.ref(column));
      // upn_lower and invited_address_key have their unique keys (default collation) for this.
      const byColumn = (column: 'upn_lower' | 'mail_lower' | 'invited_address_key', value: string) =>
        base(tenantId).where(column === 'mail_lower' ? key(column) : sql.ref(column), '=', value);
      const byValue = (kind: string, value: string) =>
        db.selectFrom('user_values as v').innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'v.tenant_id').onRef('u.id', '=', 'v.user_id'))
          .selectAll('u').where('v.tenant_id', '=', tenantId).where('v.kind', '=', kind).where(key('v.value_lower'), '=', value);
      const invited = invitedKey ?? '';
      const { rows } = await runCompiledOnce(db, 'users.findByAnyAddress', () => byColumn('upn_lower', a)
        .unionAll(byColumn('mail_lower', a)).unionAll(byValue('otherMails', a)).unionAll(byValue('proxyAddresses', `smtp:${a}`))
        .unionAll(byColumn('invited_address_key', invited)),
      [tenantId, a, tenantId, a, tenantId, 'otherMails', a, tenantId, 'proxyAddresses', `smtp:${a}`, tenantId, invited]);
      const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
      return hydrate(tenantId, unique);
    },
    async findHomeMembers(address, exceptTenantId) {
      const rows = await homeMembersQuery(db, address, exceptTenantId).execute();
      const byTenant = new Map<string, UsersTable[]>();
      for (const r of new Map(rows.map((r) => [`${r.tenant_id}/${r.id}`, r])).values()) {
        byTenant.set(r.tenant_id, [...(byTenant.get(r.tenant_id) ?? []), r]);
      }
      return (await Promise.all([...byTenant].map(([tenantId, list]) => hydrate(tenantId, list)))).flat();
    },
    async upnExists(tenantId, upn) {
      const r = await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId)
        .where('upn_lower', '=', upn.toLowerCase()).executeTakeFirst();
      return r !== undefined;
    },
    async page(tenantId, afterId, size) {
      let q = base(tenantId).orderBy('id').limit(literalLimit(size + 1));
      if (afterId !== null) q = q.where('id', '>', afterId);
      const rows = await q.execute();
      const more = rows.length > size;
      const users = await hydrate(tenantId, rows.slice(0, size));
      return { users, lastId: more ? users[users.length - 1].id : null };
    },
    query: (tenantId, query, page) => queryUsers(db, tenantId, query, page),
    count: (tenantId, query) => countUsers(db, tenantId, query),
    async setSponsors(tenantId, userId, sponsorIds) {
      await db.deleteFrom('user_sponsors').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      if (sponsorIds.length > 0) {
        await db.insertInto('user_sponsors')
          .values([...new Set(sponsorIds)].map((sponsor_id) => ({ tenant_id: tenantId, user_id: userId, sponsor_id })))
          .execute();
      }
    },
    async sponsors(tenantId, userId) {
      const rows = await db.selectFrom('user_sponsors').select('sponsor_id')
        .where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('sponsor_id').execute();
      return rows.map((r) => r.sponsor_id);
    },
  };
}

/**
 * The members of other tenants whose UPN, mail or otherMails is the address (`findHomeMembers`).
 * Every index of users is led by tenant_id, and a cross-tenant index would be written by every
 * invitation for a lookup only the redemption pages make. So each branch walks the (few) tenants
 * and probes that tenant's own index: a nested loop with one index lookup per tenant
 * (test/integration/storage/home-members.test.ts reads the plans on both databases).
 */
export function homeMembersQuery(db: Db, address: string, exceptTenantId: string) {
  const a = address.toLowerCase();
  // The query indexes key mail and values COLLATE "C" on PostgreSQL (002); the lookups must say so.
  const key = (column: string) => collate(isPostgres(db), sql.ref(column));
  const fromTenants = () => db.selectFrom('tenants as t').innerJoin('users as u', 'u.tenant_id', 't.id').where('t.id', '<>', exceptTenantId);
  const members = (q: ReturnType<typeof fromTenants>) => q.where('u.user_type', '=', 'Member').where('u.external_user_state', 'is', null);
  const byUpn = members(fromTenants().where('u.upn_lower', '=', a)).selectAll('u');
  const byMail = members(fromTenants().where(key('u.mail_lower'), '=', a)).selectAll('u');
  const byOtherMail = members(fromTenants()
    .innerJoin('user_values as v', (j) => j.onRef('v.tenant_id', '=', 't.id').onRef('v.user_id', '=', 'u.id'))
    .where('v.kind', '=', 'otherMails').where(key('v.value_lower'), '=', a)).selectAll('u');
  return byUpn.unionAll(byMail).unionAll(byOtherMail);
}
