import type { Tenant } from '../model.js';
import type { TenantRepo } from '../ports.js';

/**
 * Tenants change rarely (a domain added now and then) but are read on every request, so each process
 * keeps them for a few seconds. Another process's change is seen within `ttlMs`.
 */
export class TenantCache {
  private readonly entries = new Map<string, { tenant: Tenant; at: number }>();

  constructor(private readonly tenants: TenantRepo, private readonly ttlMs = 5_000) {}

  async get(id: string): Promise<Tenant | undefined> {
    const hit = this.entries.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await this.tenants.findById(id);
    if (tenant) this.entries.set(id, { tenant, at: Date.now() });
    else this.entries.delete(id);
    return tenant;
  }
}
