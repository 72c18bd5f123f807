import type { OAuthError } from '../oauth-error.js';
import type { DeviceAuthorization } from '../../model.js';
import { sha256 } from '../../random.js';
import { authenticateClient, type ClientCredentialInput } from '../client-auth.js';
import { oauthErrors } from '../oauth-error.js';
import { fromScopeString } from '../scope-request.js';
import { issueUserTokens, type UserTokenSet } from '../user-tokens.js';
import { expired, resolveClient, tokenContext, type GrantServices } from './grant-context.js';

export interface DeviceCodeRequest extends ClientCredentialInput {
  tenant: string;
  clientId?: string;
  deviceCode?: string;
}

/**
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code` (RFC 8628 §3.4–3.5): pending until the
 * person finishes the device login page; `slow_down` for a client polling faster than the interval
 * (with a second of slack, since MSAL waits exactly the interval); the tokens are handed out once.
 */
export async function deviceCodeGrant(s: GrantServices, req: DeviceCodeRequest): Promise<UserTokenSet> {
  const { tenant, app, endpoints } = await resolveClient(s, req.tenant, req.clientId);
  if (!req.deviceCode) throw oauthErrors.missingParameter('device_code');
  const clientAuth = await authenticateClient(s.store, s.clock, app, req, { publicAllowed: true, tokenEndpoints: endpoints });
  const now = s.clock.now();
  const signer = await s.keys.signingKey();
  const outcome = await s.store.transact(async (r): Promise<{ error: OAuthError } | { tokens: UserTokenSet }> => {
    const d = await r.deviceCodes.findByDeviceCode(tenant.id, sha256(req.deviceCode ?? ''));
    if (!d || d.clientId !== app.appId) return { error: oauthErrors.invalidCode('device_code') };
    if (expired(d.expiresDateTime, s.clock)) {
      await r.deviceCodes.delete(tenant.id, d.deviceCodeHash);
      return { error: oauthErrors.deviceCodeExpired() };
    }
    if (d.state === 'denied') {
      await r.deviceCodes.delete(tenant.id, d.deviceCodeHash);
      return { error: oauthErrors.deviceDenied() };
    }
    if (d.state === 'pending') return { error: await pending(r.deviceCodes.update.bind(r.deviceCodes), d, now) };
    await r.deviceCodes.delete(tenant.id, d.deviceCodeHash);
    const user = d.userId ? await r.users.findById(tenant.id, d.userId) : undefined;
    if (!user?.accountEnabled) return { error: oauthErrors.accountDisabled() };
    return { tokens: await issueUserTokens(tokenContext(s), r, {
      tenant, app, user, scopes: fromScopeString(d.scopes.join(' ')), nonce: null, authTime: d.authTime ?? now.toISOString(), clientAuth,
    }, signer) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome.tokens;
}

async function pending(update: (d: DeviceAuthorization) => Promise<void>, d: DeviceAuthorization, now: Date): Promise<OAuthError> {
  const tooSoon = d.lastPollDateTime !== null && now.getTime() - Date.parse(d.lastPollDateTime) < (d.intervalSeconds - 1) * 1000;
  await update({ ...d, lastPollDateTime: now.toISOString() });
  return tooSoon ? oauthErrors.slowDown() : oauthErrors.authorizationPending();
}
