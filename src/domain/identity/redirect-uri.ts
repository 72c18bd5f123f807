import { badRequest } from '../errors.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Entra's reply URL rules: absolute, no fragment, https except for loopback hosts; public clients
 * may also use a private scheme (`myapp://auth`) for native apps.
 */
export function checkRedirectUri(uri: string, isPublicClient: boolean): string {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw badRequest(`The redirect URI '${uri}' is not an absolute URI.`);
  }
  if (u.hash) throw badRequest(`The redirect URI '${uri}' may not contain a fragment.`);
  if (uri.length > 256) throw badRequest('A redirect URI may have at most 256 characters.');
  const ok = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname))
    || (isPublicClient && /^[a-z][a-z0-9+.-]*:$/.test(u.protocol) && !['http:', 'javascript:', 'data:', 'file:'].includes(u.protocol));
  if (!ok) throw badRequest(`The redirect URI '${uri}' must use https (http only for localhost).`);
  return uri;
}
