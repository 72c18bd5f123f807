import type { Clock } from '../clock.js';
import type { Store } from '../ports.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, issueAppToken, type TokenSettings } from './access-tokens.js';
import type { KeyRing } from './key-ring.js';
import { oauthErrors } from './oauth-error.js';
import { authenticateClient, type ClientCredentialInput } from './client-auth.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClientCredentialsRequest extends ClientCredentialInput {
  tenant: string;
  clientId?: string;
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

/** The token endpoint URLs a client assertion may name as `aud`: by the tenant as the client wrote it, or by id. */
export const tokenEndpoints = (publicUrl: string, segment: string, tenantId: string): string[] =>
  [...new Set([segment, tenantId])].map((t) => `${publicUrl}/${t}/oauth2/v2.0/token`);

/** The client credentials grant with a client secret or a certificate assertion (RFC 6749 §4.4, RFC 7523; Entra's v2.0 token endpoint). */
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
  const clientAuth = await authenticateClient(store, clock, app, req, { publicAllowed: false, tokenEndpoints: tokenEndpoints(settings.publicUrl, req.tenant, tenant.id) });

  const { token, expiresIn } = await issueAppToken(keys, clock, settings, tenant, app, audience, clientAuth === '2' ? '2' : '1');
  return { accessToken: token, expiresIn };
}
