import { decodeProtectedHeader, errors as joseErrors, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import type { Clock } from '../clock.js';
import type { AppRegistration } from '../model.js';
import type { Store } from '../ports.js';
import { sha256 } from '../random.js';
import { oauthErrors } from './oauth-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Entra allows this much clock skew; @azure/identity sets `nbf` a second after `iat`. */
const SKEW_SECONDS = 300;

/**
 * Verifies a certificate credential (`private_key_jwt`, RFC 7523 §3 and Entra's certificate
 * credentials doc) as msal-node sends it: header `x5t#S256` (PS256) or `x5t` (RS256) naming one of
 * the app's certificates, `iss` = `sub` = client id, `aud` = the token endpoint, `exp`, and a `jti`
 * that may be used once.
 */
export async function verifyClientAssertion(
  store: Store, clock: Clock, app: AppRegistration, assertion: string, audiences: string[],
): Promise<void> {
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw oauthErrors.assertionSignature();
  }
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') throw oauthErrors.assertionSignature();
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const s1 = typeof header.x5t === 'string' ? header.x5t : undefined;
  const now = clock.now();
  const cert = (await store.apps.certificates(app.tenantId, app.appId))
    .find((c) => (s256 !== undefined && c.thumbprintSha256 === s256) || (s256 === undefined && s1 !== undefined && c.thumbprintSha1 === s1));
  if (!cert || Date.parse(cert.endDateTime) < now.getTime()) throw oauthErrors.assertionUnknownKey();

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, await importSPKI(cert.publicKeyPem, alg), {
      algorithms: [alg], clockTolerance: SKEW_SECONDS, currentDate: now, requiredClaims: ['exp', 'jti', 'aud', 'iss', 'sub'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw oauthErrors.assertionTime();
    if (err instanceof joseErrors.JWTClaimValidationFailed && (err.claim === 'nbf' || err.claim === 'iat')) throw oauthErrors.assertionTime();
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw oauthErrors.assertionSubject();
    throw oauthErrors.assertionSignature();
  }
  if (payload.iss !== app.appId || payload.sub !== app.appId) throw oauthErrors.assertionSubject();
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const wanted = audiences.map((a) => a.toLowerCase());
  if (!aud.some((a) => typeof a === 'string' && wanted.includes(a.toLowerCase()))) throw oauthErrors.assertionAudience();
  // A lifetime longer than Entra's would let one stolen assertion work for long.
  if (Number(payload.exp) - now.getTime() / 1000 > 3600 + SKEW_SECONDS) throw oauthErrors.assertionTime();
  const expires = new Date((Number(payload.exp) + SKEW_SECONDS) * 1000).toISOString();
  const fresh = await store.transact((r) => r.assertionReplays.remember(app.tenantId, app.appId, sha256(String(payload.jti)), expires, now.toISOString()));
  if (!fresh) throw oauthErrors.assertionReplay();
}
