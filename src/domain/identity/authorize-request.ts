import type { Clock } from '../clock.js';
import type { AppRegistration, SignInSession, Tenant } from '../model.js';
import type { Store } from '../ports.js';
import { grantedScopes } from './consent.js';
import { needsAdminConsent } from './delegated-scopes.js';
import { OAuthError, oauthErrors } from './oauth-error.js';
import { parseScopeRequest, type ScopeRequest } from './scope-request.js';

/** A validated `GET /{tenant}/oauth2/v2.0/authorize` request (OIDC Core §3.1.2.1, RFC 7636). */
export interface AuthorizeRequest {
  tenant: Tenant;
  app: AppRegistration;
  redirectUri: string;
  responseMode: 'query' | 'form_post';
  state: string | null;
  nonce: string | null;
  scopes: ScopeRequest;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  prompt: 'login' | 'consent' | 'none' | 'select_account' | null;
  loginHint: string | null;
}

/**
 * Until the client and its exact redirect URI are known, an error is shown on a page (never
 * redirected: that would be an open redirect); after that, errors go back to the redirect URI.
 */
export type ParsedAuthorize =
  | { kind: 'fatal'; error: OAuthError }
  | { kind: 'redirect-error'; error: OAuthError; redirectUri: string; responseMode: 'query' | 'form_post'; state: string | null }
  | { kind: 'ok'; request: AuthorizeRequest };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function parseAuthorizeRequest(store: Store, tenantSegment: string, p: URLSearchParams): Promise<ParsedAuthorize> {
  const tenant = await store.tenants.findByIdOrDomain(tenantSegment);
  if (!tenant) return { kind: 'fatal', error: oauthErrors.tenantNotFound(tenantSegment) };
  const clientId = p.get('client_id');
  if (!clientId) return { kind: 'fatal', error: oauthErrors.missingParameter('client_id') };
  if (!GUID.test(clientId)) return { kind: 'fatal', error: oauthErrors.invalidClientId(clientId) };
  const app = await store.apps.findByAppId(tenant.id, clientId);
  if (!app) return { kind: 'fatal', error: oauthErrors.appNotFound(clientId, tenant.id) };
  const redirectUri = p.get('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : null);
  if (!redirectUri) return { kind: 'fatal', error: oauthErrors.missingParameter('redirect_uri') };
  // Exact, case-sensitive string match against the registration (RFC 9700 §4.1.3).
  if (!app.redirectUris.includes(redirectUri)) return { kind: 'fatal', error: oauthErrors.redirectMismatch(redirectUri, app.appId) };

  const state = p.get('state');
  const mode = p.get('response_mode') ?? 'query';
  const fail = (error: OAuthError): ParsedAuthorize => ({ kind: 'redirect-error', error, redirectUri, responseMode: mode === 'form_post' ? 'form_post' : 'query', state });
  if (mode !== 'query' && mode !== 'form_post') return fail(oauthErrors.unsupportedResponseMode(mode));
  const responseType = p.get('response_type');
  if (!responseType) return fail(oauthErrors.missingParameter('response_type'));
  if (responseType !== 'code') return fail(oauthErrors.unsupportedResponseType(responseType));
  let scopes: ScopeRequest;
  try {
    scopes = parseScopeRequest(p.get('scope') ?? '', app);
  } catch (err) {
    if (err instanceof OAuthError) return fail(err);
    throw err;
  }
  const challenge = p.get('code_challenge');
  const method = p.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  if (method !== null && method !== 'S256' && method !== 'plain') return fail(new OAuthError('invalid_request', 9002325, `Unsupported code_challenge_method '${method}'.`));
  if (challenge !== null && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return fail(new OAuthError('invalid_request', 9002325, 'The code_challenge is malformed.'));
  // RFC 9700 §2.1.1: public clients must use PKCE with S256.
  if (app.isPublicClient && (challenge === null || method !== 'S256')) return fail(oauthErrors.pkceRequired());
  const prompt = p.get('prompt');
  if (prompt !== null && !['login', 'consent', 'none', 'select_account'].includes(prompt)) {
    return fail(new OAuthError('invalid_request', 90023, `Invalid prompt '${prompt}'.`));
  }
  return {
    kind: 'ok',
    request: {
      tenant, app, redirectUri, responseMode: mode, state, nonce: p.get('nonce'), scopes,
      codeChallenge: challenge, codeChallengeMethod: method as AuthorizeRequest['codeChallengeMethod'],
      prompt: prompt as AuthorizeRequest['prompt'], loginHint: p.get('login_hint'),
    },
  };
}

/** What the person must still do: sign in, consent (or ask an admin), or nothing. */
export type NextStep =
  | { kind: 'sign-in' }
  | { kind: 'consent'; missing: string[] }
  | { kind: 'admin-consent-required'; missing: string[] }
  | { kind: 'done'; session: SignInSession };

export async function nextStep(
  store: Store, _clock: Clock, tenantId: string, app: AppRegistration, scopes: ScopeRequest,
  session: SignInSession | undefined, opts: { forceLogin: boolean; forceConsent: boolean },
): Promise<NextStep> {
  if (!session || opts.forceLogin) return { kind: 'sign-in' };
  const granted = await grantedScopes(store, tenantId, app.appId, session.userId);
  const missing = scopes.graph.filter((s) => !granted.has(s));
  const adminOnly = missing.filter(needsAdminConsent);
  if (adminOnly.length > 0) return { kind: 'admin-consent-required', missing: adminOnly };
  if (missing.length > 0 || opts.forceConsent) return { kind: 'consent', missing: opts.forceConsent ? scopes.graph : missing };
  return { kind: 'done', session };
}
