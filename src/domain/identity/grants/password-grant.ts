import { authenticateClient, type ClientCredentialInput } from '../client-auth.js';
import { grantedScopes } from '../consent.js';
import { oauthErrors } from '../oauth-error.js';
import { parseScopeRequest } from '../scope-request.js';
import { verifySignIn } from '../sign-in.js';
import { issueUserTokens, type UserTokenSet } from '../user-tokens.js';
import { resolveClient, tokenContext, type GrantServices } from './grant-context.js';

export interface PasswordRequest extends ClientCredentialInput {
  tenant: string;
  clientId?: string;
  username?: string;
  password?: string;
  scope?: string;
  sourceAddress: string;
}

/**
 * `grant_type=password` (ROPC, RFC 6749 §4.3): only for apps that allow public client flows, as
 * Portico's one concession to scripts; consent must have been given beforehand (AADSTS65001).
 */
export async function passwordGrant(s: GrantServices, req: PasswordRequest): Promise<UserTokenSet> {
  const { tenant, app, endpoints } = await resolveClient(s, req.tenant, req.clientId);
  if (!app.isPublicClient) throw oauthErrors.publicClientDisabled();
  if (!req.username) throw oauthErrors.missingParameter('username');
  if (!req.password) throw oauthErrors.missingParameter('password');
  if (!req.scope) throw oauthErrors.missingParameter('scope');
  const scopes = parseScopeRequest(req.scope, app);
  const clientAuth = await authenticateClient(s.store, s.clock, app, req, { publicAllowed: true, tokenEndpoints: endpoints });
  const user = await verifySignIn(s.store, s.clock, tenant, req.username, req.password, req.sourceAddress);
  const granted = await grantedScopes(s.store, tenant.id, app.appId, user.id);
  if (scopes.graph.some((g) => !granted.has(g))) throw oauthErrors.consentRequired(app.appId, app.displayName);
  const signer = await s.keys.signingKey();
  return s.store.transact((r) => issueUserTokens(tokenContext(s), r, {
    tenant, app, user, scopes, nonce: null, authTime: s.clock.now().toISOString(), clientAuth,
  }, signer));
}
