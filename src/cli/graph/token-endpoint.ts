import { GraphRequestError } from './graph-error.js';
import { send } from './http-transport.js';

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
}

/** `{authority}/{tenant}/oauth2/v2.0/{endpoint}` (Microsoft identity platform v2, graph-spec §4.1). */
export function oauthUrl(authority: string, tenant: string, endpoint: 'token' | 'devicecode'): string {
  return `${authority.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/${endpoint}`;
}

/** Posts a form (RFC 6749 §3.2) and returns the JSON answer, or throws the OAuth error. */
export async function postForm<T>(url: string, form: Record<string, string>): Promise<T> {
  let res;
  try {
    res = await send(url, 'POST', { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, new URLSearchParams(form).toString());
  } catch (err) {
    throw new Error(`cannot reach ${url}: ${describeFetchError(err)}`);
  }
  const text = res.text;
  if (res.status < 200 || res.status >= 300) throw GraphRequestError.fromBody(res.status, res.statusText, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${url} answered with something other than JSON`);
  }
}

export async function tokenRequest(authority: string, tenant: string, form: Record<string, string>): Promise<TokenResponse> {
  const token = await postForm<TokenResponse>(oauthUrl(authority, tenant, 'token'), form);
  if (typeof token.access_token !== 'string') throw new Error('the token endpoint answered without an access_token');
  return token;
}

/** Why a connection failed (certificate, refused connection); fetch-style errors keep it in `cause`. */
export function describeFetchError(err: unknown): string {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = e.cause ?? e;
  const code = cause?.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `${code}: the server's TLS certificate is not trusted; for a self-signed Portico set NODE_EXTRA_CA_CERTS to its certificate file`;
  }
  return cause?.message || code || (err as Error).message;
}
