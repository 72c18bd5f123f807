import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import type { AppRegistration, Tenant } from '../model.js';
import { newTicket } from '../random.js';
import type { KeyRing } from './key-ring.js';
import type { Principal } from './principal.js';

/** Microsoft Graph's resource identifiers; tokens for either are accepted (graph-spec §4.2). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Accepted clock skew for `exp`/`nbf`, as Entra-protected APIs allow. */
const SKEW_SECONDS = 300;

export const issuerFor = (publicUrl: string, tenantId: string): string => `${publicUrl}/${tenantId}/v2.0`;

export interface TokenSettings {
  publicUrl: string;
  lifetimeSeconds: number;
}

/** Mints an app-only access token with the claims of graph-spec §4.2. */
export async function issueAppToken(
  keys: KeyRing, clock: Clock, settings: TokenSettings, tenant: Tenant, app: AppRegistration, audience: string,
  /** `appidacr`: 1 for a client secret, 2 for a certificate. */
  clientAuth: '1' | '2' = '1',
): Promise<{ token: string; expiresIn: number }> {
  const { kid, key } = await keys.signingKey();
  const iat = Math.floor(clock.now().getTime() / 1000);
  const issuer = issuerFor(settings.publicUrl, tenant.id);
  const token = await new SignJWT({
    app_displayname: app.displayName,
    appid: app.appId,
    appidacr: clientAuth,
    azp: app.appId,
    azpacr: clientAuth,
    idp: issuer,
    idtyp: 'app',
    oid: app.servicePrincipalId,
    roles: app.permissions,
    tid: tenant.id,
    uti: newTicket().slice(0, 22),
    ver: '2.0',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(issuer)
    .setSubject(app.servicePrincipalId)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + settings.lifetimeSeconds)
    .sign(key);
  return { token, expiresIn: settings.lifetimeSeconds };
}

const invalidToken = (message: string) => new DomainError('Unauthenticated', 'InvalidAuthenticationToken', message);

/**
 * Verifies a bearer token for the Graph API: RS256 only, a key we published, issuer of the token's
 * own tenant, Graph audience, `exp`/`nbf` within 5 minutes of skew, tenant still present.
 * Verified tokens are cached until they expire, so the hot path does not re-verify signatures.
 */
export class AccessTokenVerifier {
  private readonly cache = new Map<string, { principal: Principal; exp: number }>();
  private static readonly MAX_CACHE = 10_000;

  constructor(
    private readonly keys: KeyRing,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly tenantExists: (tenantId: string) => Promise<boolean>,
    /** The object id of an app's service principal, for delegated tokens (which carry only the app id). */
    private readonly servicePrincipalOf: (tenantId: string, appId: string) => Promise<string | undefined> = async () => undefined,
  ) {}

  async verify(token: string): Promise<Principal> {
    const nowSec = this.clock.now().getTime() / 1000;
    const hit = this.cache.get(token);
    if (hit && hit.exp + SKEW_SECONDS > nowSec) return hit.principal;

    const payload = await this.verifySignatureAndClaims(token);
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    if (payload.iss !== issuerFor(this.publicUrl, tid)) throw invalidToken('Invalid token issuer.');
    if (!(await this.tenantExists(tid))) throw invalidToken('The tenant of the token does not exist.');
    const principal = payload.idtyp === 'user' ? await this.userPrincipal(payload, tid) : this.appPrincipal(payload, tid);
    if (this.cache.size >= AccessTokenVerifier.MAX_CACHE) this.cache.clear();
    this.cache.set(token, { principal, exp: Number(payload.exp) });
    return principal;
  }

  private appPrincipal(payload: JWTPayload, tid: string): Principal {
    if (payload.idtyp !== 'app') throw invalidToken('Unknown token type.');
    return {
      kind: 'app',
      tenantId: tid,
      appId: String(payload.appid ?? payload.azp ?? ''),
      servicePrincipalId: String(payload.oid ?? ''),
      displayName: String(payload.app_displayname ?? ''),
      roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
    };
  }

  /** A delegated token (idtyp user): the person (`oid`), their scopes (`scp`) and roles (`wids`). */
  private async userPrincipal(payload: JWTPayload, tid: string): Promise<Principal> {
    const appId = String(payload.azp ?? payload.appid ?? '');
    if (typeof payload.oid !== 'string' || typeof payload.scp !== 'string') throw invalidToken('The token has no oid or scp.');
    return {
      kind: 'user',
      tenantId: tid,
      appId,
      servicePrincipalId: (await this.servicePrincipalOf(tid, appId)) ?? '',
      appDisplayName: String(payload.app_displayname ?? ''),
      userId: payload.oid,
      userPrincipalName: String(payload.preferred_username ?? payload.upn ?? ''),
      displayName: typeof payload.name === 'string' ? payload.name : null,
      userType: payload.acct === 1 ? 'Guest' : 'Member',
      scopes: payload.scp.split(' ').filter(Boolean),
      roleTemplateIds: Array.isArray(payload.wids) ? payload.wids.map(String) : [],
    };
  }

  private async verifySignatureAndClaims(token: string): Promise<JWTPayload> {
    let kid: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'RS256') throw invalidToken(`Unsupported token signature algorithm '${String(header.alg)}'.`);
      kid = header.kid;
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw invalidToken('IDX14100: JWT is not well formed.');
    }
    const key = kid ? await this.keys.verificationKey(kid) : undefined;
    if (!key) throw invalidToken('Signing key not found.');
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['RS256'],
        audience: [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID, this.publicUrl],
        clockTolerance: SKEW_SECONDS,
        currentDate: this.clock.now(),
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw invalidToken('Lifetime validation failed, the token is expired.');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') throw invalidToken('Invalid audience.');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf') throw invalidToken('The token is not yet valid.');
      throw invalidToken('Access token validation failure. Invalid signature or malformed token.');
    }
  }
}
