import type { TenantRepo } from '../../domain/ports.js';
import type { Tenant, TenantDomain } from '../../domain/model.js';
import type { Db, TenantDomainsTable, TenantsTable } from '../schema.js';
import { mapUnique } from '../unique-violation.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function tenantRepo(db: Db): TenantRepo {
  async function hydrate(rows: TenantsTable[]): Promise<Tenant[]> {
    if (rows.length === 0) return [];
    const domains = await db.selectFrom('tenant_domains').selectAll()
      .where('tenant_id', 'in', rows.map((r) => r.id)).orderBy('tenant_id').orderBy('name_lower').execute();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      initialDomain: r.initial_domain,
      createdDateTime: r.created_at,
      domains: domains.filter((d) => d.tenant_id === r.id).map(toDomain),
    }));
  }

  return {
    async insert(tenant) {
      await db.insertInto('tenants').values({
        id: tenant.id, display_name: tenant.displayName, initial_domain: tenant.initialDomain, created_at: tenant.createdDateTime,
      }).execute();
      for (const d of tenant.domains) await this.addDomain(tenant.id, d);
    },
    async findById(id) {
      const row = await db.selectFrom('tenants').selectAll().where('id', '=', id.toLowerCase()).executeTakeFirst();
      return row ? (await hydrate([row]))[0] : undefined;
    },
    async findByIdOrDomain(idOrDomain) {
      if (GUID.test(idOrDomain)) return this.findById(idOrDomain);
      const d = await db.selectFrom('tenant_domains').select('tenant_id')
        .where('name_lower', '=', idOrDomain.toLowerCase()).executeTakeFirst();
      return d ? this.findById(d.tenant_id) : undefined;
    },
    async list() {
      return hydrate(await db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute());
    },
    async addDomain(tenantId, domain) {
      await mapUnique(() => db.insertInto('tenant_domains').values({
        tenant_id: tenantId, name: domain.name, name_lower: domain.name.toLowerCase(),
        is_default: domain.isDefault ? 1 : 0, is_initial: domain.isInitial ? 1 : 0, is_verified: domain.isVerified ? 1 : 0,
      }).execute());
    },
  };
}

function toDomain(d: TenantDomainsTable): TenantDomain {
  return { name: d.name, isDefault: d.is_default === 1, isInitial: d.is_initial === 1, isVerified: d.is_verified === 1 };
}
