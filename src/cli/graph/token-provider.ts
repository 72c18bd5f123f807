import type { Profile, ProfileStore } from './profile-store.js';
import { tokenRequest, type TokenResponse } from './token-endpoint.js';

/** A cached token is renewed this long before it expires, so a request never carries a dying one. */
const EARLY_MS = 2 * 60_000;

/**
 * Hands out the profile's access token: the cached one while it is valid, else a new one by the
 * profile's own grant — client credentials (RFC 6749 §4.4) or, for a person signed in with a
 * device code, the refresh token (§6). New tokens are written back to the profile. Concurrent
 * callers share one renewal.
 */
export class TokenProvider {
  private pending: Promise<string> | undefined;

  constructor(private readonly store: ProfileStore, private readonly name: string, private profile: Profile, private readonly now = () => Date.now()) {}

  async token(): Promise<string> {
    const p = this.profile;
    if (p.accessToken && p.expiresAt && p.expiresAt - EARLY_MS > this.now()) return p.accessToken;
    this.pending ??= this.renew().finally(() => { this.pending = undefined; });
    return this.pending;
  }

  /** Forgets the cached token (the server refused it), so the next call fetches another. */
  invalidate(): void {
    this.profile = { ...this.profile, accessToken: undefined, expiresAt: undefined };
  }

  private async renew(): Promise<string> {
    const p = this.profile;
    let answer: TokenResponse;
    if (p.flow === 'client_credentials') {
      if (!p.clientSecret) throw new Error('the profile has no client secret: run portico login again');
      answer = await tokenRequest(p.authority, p.tenant, { grant_type: 'client_credentials', client_id: p.clientId, client_secret: p.clientSecret, scope: p.scope });
    } else {
      if (!p.refreshToken) throw new Error('the sign-in has expired: run portico login --device-code again');
      answer = await tokenRequest(p.authority, p.tenant, { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: p.refreshToken, scope: p.scope });
    }
    this.profile = withToken(p, answer, this.now());
    this.store.save(this.name, this.profile, false);
    return answer.access_token;
  }
}

export function withToken(p: Profile, answer: TokenResponse, now: number): Profile {
  return {
    ...p,
    accessToken: answer.access_token,
    expiresAt: now + Number(answer.expires_in) * 1000,
    refreshToken: answer.refresh_token ?? p.refreshToken,
  };
}
