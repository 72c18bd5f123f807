import type { Clock } from '../../clock.js';
import type { AppRegistration, Tenant } from '../../model.js';
import type { Store } from '../../ports.js';
import type { TokenSettings } from '../access-tokens.js';
import { tokenEndpoints } from '../client-credentials.js';
import type { KeyRing } from '../key-ring.js';
import { oauthErrors } from '../oauth-error.js';
import type { TokenContext } from '../user-tokens.js';

export interface GrantServices { store: Store; clock: Clock; keys: KeyRing; settings: TokenSettings }

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const tokenContext = (s: GrantServices): TokenContext => ({ keys: s.keys, clock: s.clock, settings: s.settings });

/** The tenant named in the path and the app named by `client_id`, or Entra's errors for them. */
export async function resolveClient(s: GrantServices, tenantSegment: string, clientId: string | undefined): Promise<{ tenant: Tenant; app: AppRegistration; endpoints: string[] }> {
  const tenant = await s.store.tenants.findByIdOrDomain(tenantSegment);
  if (!tenant) throw oauthErrors.tenantNotFound(tenantSegment);
  if (!clientId) throw oauthErrors.missingParameter('client_id');
  if (!GUID.test(clientId)) throw oauthErrors.invalidClientId(clientId);
  const app = await s.store.apps.findByAppId(tenant.id, clientId);
  if (!app) throw oauthErrors.appNotFound(clientId, tenant.id);
  return { tenant, app, endpoints: tokenEndpoints(s.settings.publicUrl, tenantSegment, tenant.id) };
}

export const expired = (iso: string, clock: Clock): boolean => Date.parse(iso) <= clock.now().getTime();
