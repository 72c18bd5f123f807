import type { PolicySource } from '../policies/policy-cache.js';
import { authorize, type Action } from './authorize.js';
import type { Principal } from './principal.js';

/**
 * Who asks for an administrative change: a Graph caller, or `'cli'` — someone running `portico` on
 * a machine with access to the database, who is trusted as the database itself is.
 */
export type Caller = Principal | 'cli';

/** Reads the caller's tenant policy and applies the one decision (authorize.ts); 403 when refused. */
export async function requireAccess(policies: PolicySource, caller: Caller, action: Action): Promise<void> {
  if (caller === 'cli') return;
  authorize(caller, action, await policies.get(caller.tenantId));
}
