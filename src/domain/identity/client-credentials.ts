import type { Clock } from '../clock.js';
import type { Store } from '../ports.js';
import { matchesHash } from '../random.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, issueAppToken, type TokenSettings } from './access-tokens.js';
import type { KeyRing } from './key-ring.js';
import { oauthErrors } from './oauth-error.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClientCredentialsRequest {
  tenant: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

/**
 * The resource named by a `/.default` scope: Graph by URL or app id, or this server itself
 * (Kiota with no scopes asks for `{public-url}/.default`). Tokens carry it as `aud`.
 */
function audienceFor(scope: string, publicUrl: string, tenant: string): string {
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) throw oauthErrors.invalidScope(scope);
  const resource = scopes[0].slice(0, -'/.default'.length).replace(/\/+$/, '');
  if (resource.toLowerCase() === GRAPH_RESOURCE || resource.toLowerCase() === GRAPH_APP_ID) return GRAPH_RESOURCE;
  if (resource.toLowerCase() === publicUrl.toLowerCase()) return publicUrl;
  throw oauthErrors.unknownResource(resource, tenant);
}

/** The client credentials grant with a client secret (RFC 6749 §4.4; Entra's v2.0 token endpoint). */
export async function clientCredentialsGrant(
  store: Store, keys: KeyRing, clock: Clock, settings: TokenSettings, req: ClientCredentialsRequest,
): Promise<{ accessToken: string; expiresIn: number }> {
  const tenant = await store.tenants.findByIdOrDomain(req.tenant);
  if (!tenant) throw oauthErrors.tenantNotFound(req.tenant);
  if (!req.clientId) throw oauthErrors.missingParameter('client_id');
  if (!GUID.test(req.clientId)) throw oauthErrors.invalidClientId(req.clientId);
  if (!req.scope) throw oauthErrors.missingParameter('scope');
  const audience = audienceFor(req.scope, settings.publicUrl, req.tenant);
  const app = await store.apps.findByAppId(tenant.id, req.clientId);
  if (!app) throw oauthErrors.appNotFound(req.clientId, tenant.id);
  if (!req.clientSecret) throw oauthErrors.missingCredential();

  const now = clock.now().toISOString();
  const secrets = await store.apps.secrets(tenant.id, app.appId);
  // Compare against every secret so the time taken does not tell which one nearly matched.
  const matching = secrets.filter((s) => matchesHash(req.clientSecret ?? '', s.hash));
  if (matching.length === 0) throw oauthErrors.invalidSecret(app.appId);
  if (matching.every((s) => s.endDateTime !== null && s.endDateTime < now)) throw oauthErrors.expiredSecret(app.appId);

  const { token, expiresIn } = await issueAppToken(keys, clock, settings, tenant, app, audience);
  return { accessToken: token, expiresIn };
}
