import { GraphRequestError } from './graph-error.js';
import { oauthUrl, postForm, tokenRequest, type TokenResponse } from './token-endpoint.js';

interface DeviceCodeAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  expires_in: number;
  interval?: number;
  message?: string;
}

/**
 * The device authorization grant (RFC 8628) as the Microsoft identity platform runs it: POST
 * `/{tenant}/oauth2/v2.0/devicecode` with the client id and scopes, show the person the message
 * (a code to enter at the verification URI), then poll `/token` with
 * `grant_type=urn:ietf:params:oauth:grant-type:device_code` every `interval` seconds.
 * `authorization_pending` means keep waiting and `slow_down` adds five seconds (§3.5); any other
 * error ends the sign-in.
 */
export async function deviceCodeSignIn(
  authority: string, tenant: string, clientId: string, scope: string, show: (message: string) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<TokenResponse> {
  const code = await postForm<DeviceCodeAnswer>(oauthUrl(authority, tenant, 'devicecode'), { client_id: clientId, scope });
  show(code.message ?? `To sign in, open ${code.verification_uri} and enter the code ${code.user_code}.`);
  let interval = Math.max(1, Number(code.interval ?? 5));
  const deadline = Date.now() + Number(code.expires_in ?? 900) * 1000;
  while (Date.now() < deadline) {
    await sleep(interval * 1000);
    try {
      return await tokenRequest(authority, tenant, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: clientId, device_code: code.device_code });
    } catch (err) {
      if (!(err instanceof GraphRequestError)) throw err;
      if (err.code === 'authorization_pending') continue;
      if (err.code === 'slow_down') { interval += 5; continue; }
      throw err;
    }
  }
  throw new Error('the device code expired before the sign-in finished; run portico login --device-code again');
}
