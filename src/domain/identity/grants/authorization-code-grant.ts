import { newId, sha256 } from '../../random.js';
import { pkceMatches } from '../authorization-codes.js';
import { authenticateClient, type ClientCredentialInput } from '../client-auth.js';
import { oauthErrors } from '../oauth-error.js';
import { fromScopeString } from '../scope-request.js';
import { issueUserTokens, type UserTokenSet } from '../user-tokens.js';
import { expired, resolveClient, tokenContext, type GrantServices } from './grant-context.js';

export interface AuthorizationCodeRequest extends ClientCredentialInput {
  tenant: string;
  clientId?: string;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
}

/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.5). The code is spent before
 * anything is checked, so a failed attempt spends it too: codes are single-use, 10 minutes, and
 * bound to the client, the exact redirect URI and the PKCE challenge. A code presented again is a
 * replay (a leaked code): the refresh tokens its first redemption issued are revoked (RFC 6749
 * §4.1.2); access tokens already issued live out their hour, as Entra's do.
 */
export async function authorizationCodeGrant(s: GrantServices, req: AuthorizationCodeRequest): Promise<UserTokenSet> {
  const { tenant, app, endpoints } = await resolveClient(s, req.tenant, req.clientId);
  if (!req.code) throw oauthErrors.missingParameter('code');
  if (!req.redirectUri) throw oauthErrors.missingParameter('redirect_uri');
  const clientAuth = await authenticateClient(s.store, s.clock, app, req, { publicAllowed: true, tokenEndpoints: endpoints });
  const family = newId();
  const now = s.clock.now().toISOString();
  const taken = await s.store.transact((r) => r.authCodes.take(tenant.id, sha256(req.code ?? ''), now, family));
  if (taken.kind === 'reused') {
    const reusedFamily = taken.familyId;
    if (reusedFamily !== null) await s.store.transact((r) => r.refreshTokens.revokeFamily(tenant.id, reusedFamily, now));
    throw oauthErrors.codeRedeemed();
  }
  if (taken.kind === 'unknown') throw oauthErrors.invalidCode('code');
  const { code } = taken;
  if (expired(code.expiresDateTime, s.clock)) throw oauthErrors.codeExpired();
  if (code.clientId !== app.appId) throw oauthErrors.codeClientMismatch();
  if (code.redirectUri !== req.redirectUri) throw oauthErrors.codeRedirectMismatch();
  if (code.codeChallenge !== null) {
    if (!req.codeVerifier || !pkceMatches(req.codeVerifier, code.codeChallenge, code.codeChallengeMethod)) throw oauthErrors.pkceMismatch();
  } else if (req.codeVerifier) {
    throw oauthErrors.pkceMismatch();
  }
  const user = await s.store.users.findById(tenant.id, code.userId);
  if (!user?.accountEnabled) throw oauthErrors.accountDisabled();
  const signer = await s.keys.signingKey();
  return s.store.transact((r) => issueUserTokens(tokenContext(s), r, {
    tenant, app, user, scopes: fromScopeString(code.scopes.join(' ')), nonce: code.nonce, authTime: code.authTime, clientAuth, family,
  }, signer));
}
