import { SignJWT } from 'jose';
import type { Clock } from '../clock.js';
import type { AppRegistration, Tenant, User } from '../model.js';
import type { Repos } from '../ports.js';
import { newId, newTicket, sha256 } from '../random.js';
import { GRAPH_RESOURCE, issuerFor, type TokenSettings } from './access-tokens.js';
import { grantedScopes } from './consent.js';
import type { KeyRing } from './key-ring.js';
import type { ScopeRequest } from './scope-request.js';
import { scopeString } from './scope-request.js';
import { directoryRoleTemplateIds } from './token-roles.js';

export interface TokenContext { keys: KeyRing; clock: Clock; settings: TokenSettings }

/** The key that signs; fetched before the unit of work, since reloading keys inside one would wait on its own connection (SQLite). */
export type Signer = Awaited<ReturnType<KeyRing['signingKey']>>;

/** How the client authenticated (`azpacr`): 0 public client, 1 secret, 2 certificate. */
export type ClientAuthLevel = '0' | '1' | '2';

export interface UserTokenRequest {
  tenant: Tenant;
  app: AppRegistration;
  user: User;
  scopes: ScopeRequest;
  nonce: string | null;
  authTime: string;
  clientAuth: ClientAuthLevel;
  /** The refresh token family being continued; a new one starts otherwise. */
  family?: string;
}

/** A delegated token response's parts (graph-spec §4.2; client-compat: `client_info` for MSAL's account). */
export interface UserTokenSet {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  clientInfo: string;
  scope: string;
  expiresIn: number;
}

const REFRESH_LIFETIME_DAYS = 90;

/** Entra's `sub` is pairwise: stable for one person and one app, different for another app. */
export const pairwiseSub = (appId: string, userId: string) => sha256(`${appId}:${userId}`).slice(0, 43);

/**
 * Mints the access token (Graph audience, `scp`, `wids`, `idtyp: user`), the id token (audience
 * = client id, `nonce`) when `openid` was asked for, and a rotating refresh token for
 * `offline_access`, stored hashed in `repos` (the caller's unit of work).
 */
export async function issueUserTokens(ctx: TokenContext, repos: Repos, req: UserTokenRequest, signer: Signer): Promise<UserTokenSet> {
  const { tenant, app, user } = req;
  const granted = await grantedScopes(repos, tenant.id, app.appId, user.id);
  const graph = [...new Set([...req.scopes.graph, ...[...granted].sort()])];
  const oidcInScp = req.scopes.oidc.filter((s) => s !== 'offline_access');
  const scp = [...graph, ...oidcInScp].join(' ');
  const wids = await directoryRoleTemplateIds(repos, tenant.id, user.id);
  const { kid, key } = signer;
  const iat = Math.floor(ctx.clock.now().getTime() / 1000);
  const issuer = issuerFor(ctx.settings.publicUrl, tenant.id);
  const sub = pairwiseSub(app.appId, user.id);
  const sign = (claims: Record<string, unknown>, audience: string) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(issuer).setSubject(sub).setAudience(audience)
    .setIssuedAt(iat).setNotBefore(iat).setExpirationTime(iat + ctx.settings.lifetimeSeconds)
    .sign(key);

  const accessToken = await sign({
    acct: user.userType === 'Guest' ? 1 : 0,
    acr: '1',
    amr: ['pwd'],
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: req.clientAuth,
    azp: app.appId,
    azpacr: req.clientAuth,
    family_name: user.surname ?? undefined,
    given_name: user.givenName ?? undefined,
    idtyp: 'user',
    name: user.displayName ?? undefined,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    scp,
    tid: tenant.id,
    unique_name: user.userPrincipalName,
    upn: user.userPrincipalName,
    uti: newTicket().slice(0, 22),
    ver: '2.0',
    wids,
  }, GRAPH_RESOURCE);

  const profile = req.scopes.oidc.includes('profile');
  const idToken = req.scopes.oidc.includes('openid') ? await sign({
    auth_time: Math.floor(Date.parse(req.authTime) / 1000),
    email: req.scopes.oidc.includes('email') ? user.mail ?? undefined : undefined,
    name: profile ? user.displayName ?? undefined : undefined,
    nonce: req.nonce ?? undefined,
    oid: user.id,
    preferred_username: profile ? user.userPrincipalName : undefined,
    tid: tenant.id,
    ver: '2.0',
  }, app.appId) : undefined;

  let refreshToken: string | undefined;
  if (req.scopes.oidc.includes('offline_access')) {
    refreshToken = `1.${newTicket()}${newTicket()}`;
    const now = ctx.clock.now();
    await repos.refreshTokens.insert({
      tenantId: tenant.id, tokenHash: sha256(refreshToken), familyId: req.family ?? newId(), clientId: app.appId, userId: user.id,
      scopes: [...req.scopes.graph, ...req.scopes.oidc], authTime: req.authTime, createdDateTime: now.toISOString(),
      expiresDateTime: new Date(now.getTime() + REFRESH_LIFETIME_DAYS * 86_400_000).toISOString(),
      rotatedDateTime: null, revokedDateTime: null,
    });
  }
  const clientInfo = Buffer.from(JSON.stringify({ uid: user.id, utid: tenant.id })).toString('base64url');
  return {
    accessToken, idToken, refreshToken, clientInfo, expiresIn: ctx.settings.lifetimeSeconds,
    scope: scopeString({ graph, oidc: req.scopes.oidc }),
  };
}
