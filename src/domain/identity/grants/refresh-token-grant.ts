import type { OAuthError } from '../oauth-error.js';
import { sha256 } from '../../random.js';
import { authenticateClient, type ClientCredentialInput } from '../client-auth.js';
import { grantedScopes } from '../consent.js';
import { oauthErrors } from '../oauth-error.js';
import { parseScopeRequest, type ScopeRequest } from '../scope-request.js';
import { issueUserTokens, type UserTokenSet } from '../user-tokens.js';
import { expired, resolveClient, tokenContext, type GrantServices } from './grant-context.js';

export interface RefreshTokenRequest extends ClientCredentialInput {
  tenant: string;
  clientId?: string;
  refreshToken?: string;
  scope?: string;
}

/**
 * `grant_type=refresh_token` (RFC 6749 §6) with rotation: each use returns a new refresh token of
 * the same family and retires the old one. Presenting a retired one again means it was copied, so
 * the whole family is revoked (RFC 9700 §4.14.2). Tokens are bound to the client and the person.
 */
export async function refreshTokenGrant(s: GrantServices, req: RefreshTokenRequest): Promise<UserTokenSet> {
  const { tenant, app, endpoints } = await resolveClient(s, req.tenant, req.clientId);
  if (!req.refreshToken) throw oauthErrors.missingParameter('refresh_token');
  const clientAuth = await authenticateClient(s.store, s.clock, app, req, { publicAllowed: true, tokenEndpoints: endpoints });
  const now = s.clock.now().toISOString();
  const signer = await s.keys.signingKey();
  const outcome = await s.store.transact(async (r): Promise<{ error: OAuthError } | { tokens: UserTokenSet }> => {
    const old = await r.refreshTokens.find(tenant.id, sha256(req.refreshToken ?? ''));
    if (!old) return { error: oauthErrors.invalidCode('refresh_token') };
    if (old.clientId !== app.appId) return { error: oauthErrors.codeClientMismatch() };
    if (old.revokedDateTime !== null) return { error: oauthErrors.grantRevoked() };
    if (old.rotatedDateTime !== null || !(await r.refreshTokens.markRotated(tenant.id, old.tokenHash, now))) {
      await r.refreshTokens.revokeFamily(tenant.id, old.familyId, now);
      return { error: oauthErrors.grantRevoked() };
    }
    if (expired(old.expiresDateTime, s.clock)) return { error: oauthErrors.codeExpired() };
    const user = await r.users.findById(tenant.id, old.userId);
    if (!user?.accountEnabled) return { error: oauthErrors.grantRevoked() };
    const original = { graph: old.scopes.filter((x) => !isOidc(x)), oidc: old.scopes.filter(isOidc) };
    const scopes: ScopeRequest = req.scope ? parseScopeRequest(req.scope, app) : original;
    const granted = await grantedScopes(r, tenant.id, app.appId, user.id);
    if (scopes.graph.some((g) => !granted.has(g))) return { error: oauthErrors.consentRequired(app.appId, app.displayName) };
    // The new token keeps offline_access even when the client's scope list left it out (MSAL does).
    if (!scopes.oidc.includes('offline_access')) scopes.oidc = [...scopes.oidc, 'offline_access'];
    return { tokens: await issueUserTokens(tokenContext(s), r, {
      tenant, app, user, scopes, nonce: null, authTime: old.authTime, clientAuth, family: old.familyId,
    }, signer) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.tokens;
}

const isOidc = (scope: string): boolean => ['openid', 'profile', 'email', 'offline_access'].includes(scope);
