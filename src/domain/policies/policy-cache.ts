import type { AuthorizationPolicy } from './authorization-policy.js';

/** Where a decision reads the tenant's authorizationPolicy from: the store's repo or this cache. */
export interface PolicySource {
  get(tenantId: string): Promise<AuthorizationPolicy>;
}

/**
 * The policy is read by every invitation, so each process keeps it for a few seconds. A change made
 * through this process is seen at once (`forget`); one made by another process (or the CLI) within
 * `ttlMs`. Entra itself documents 15-60 minutes before a changed allowInvitesFrom takes effect.
 */
export class PolicyCache implements PolicySource {
  private readonly entries = new Map<string, { policy: AuthorizationPolicy; at: number }>();

  constructor(private readonly source: PolicySource, private readonly ttlMs = 5_000) {}

  async get(tenantId: string): Promise<AuthorizationPolicy> {
    const hit = this.entries.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.policy;
    const policy = await this.source.get(tenantId);
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(tenantId, { policy, at: Date.now() });
    return policy;
  }

  forget(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
