import { requireAccess, type Caller } from '../identity/require-access.js';
import type { Store } from '../ports.js';
import { applyPolicyPatch, type AuthorizationPolicy, type AuthorizationPolicyPatch } from './authorization-policy.js';
import { PolicyCache, type PolicySource } from './policy-cache.js';

export interface PolicyDeps {
  store: Store;
  policies: PolicySource;
}

/** GET /policies/authorizationPolicy. */
export async function getAuthorizationPolicy(deps: PolicyDeps, caller: Caller, tenantId: string): Promise<AuthorizationPolicy> {
  await requireAccess(deps.policies, caller, { kind: 'readPolicy' });
  return deps.store.policies.get(tenantId);
}

/**
 * PATCH /policies/authorizationPolicy and `portico policy set`: the given properties change, the
 * rest keep their values; a bad value changes nothing (400).
 */
export async function updateAuthorizationPolicy(
  deps: PolicyDeps, caller: Caller, tenantId: string, patch: AuthorizationPolicyPatch,
): Promise<AuthorizationPolicy> {
  await requireAccess(deps.policies, caller, { kind: 'updatePolicy' });
  const updated = await deps.store.transact(async (repos) => {
    const next = applyPolicyPatch(await repos.policies.get(tenantId), patch);
    await repos.policies.put(next);
    return next;
  });
  if (deps.policies instanceof PolicyCache) deps.policies.forget(tenantId);
  return updated;
}
