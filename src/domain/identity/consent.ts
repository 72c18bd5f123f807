import type { Clock } from '../clock.js';
import { badRequest, notFound } from '../errors.js';
import type { Repos, Store } from '../ports.js';
import { parseDelegatedScopes } from './delegated-scopes.js';

/** The delegated scopes the person has granted the app, plus those an admin granted for everyone. */
export async function grantedScopes(repos: Repos, tenantId: string, clientId: string, userId: string): Promise<Set<string>> {
  const grants = await repos.consents.forUser(tenantId, clientId, userId);
  return new Set(grants.flatMap((g) => g.scopes));
}

/**
 * Admin consent on behalf of the whole tenant (an oauth2PermissionGrant with consentType
 * AllPrincipals): `portico app consent` and `GET /{tenant}/adminconsent`. Without scopes it grants
 * what the app registration asks for, as Entra's admin consent does.
 */
export async function grantAdminConsent(store: Store, clock: Clock, tenantId: string, appId: string, scopes?: string[]): Promise<string[]> {
  return store.transact(async (r) => {
    const app = await r.apps.findByAppId(tenantId, appId);
    if (!app) throw notFound(`Application '${appId}' not found in tenant '${tenantId}'.`);
    const parsed = parseDelegatedScopes(scopes ?? app.delegatedScopes);
    if (parsed.unknown.length > 0) throw badRequest(`Unknown delegated permission(s): ${parsed.unknown.join(', ')}.`);
    if (parsed.ok.length === 0) throw badRequest('Nothing to consent to: name --scopes or give the app delegated permissions.');
    await r.consents.grant({ tenantId, clientId: app.appId, principalId: null, scopes: parsed.ok, createdDateTime: clock.now().toISOString() });
    return parsed.ok;
  });
}

/** A person's own consent to the scopes shown to them on the consent page. */
export async function grantUserConsent(repos: Repos, clock: Clock, tenantId: string, clientId: string, userId: string, scopes: string[]): Promise<void> {
  if (scopes.length === 0) return;
  await repos.consents.grant({ tenantId, clientId, principalId: userId, scopes, createdDateTime: clock.now().toISOString() });
}
