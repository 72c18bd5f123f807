import type { FastifyRequest } from 'fastify';
import type { ClientCredentialInput } from '../../domain/identity/client-auth.js';
import { oauthErrors } from '../../domain/identity/oauth-error.js';

export type Form = Record<string, string | string[] | undefined>;

export const field = (form: Form, name: string): string | undefined => {
  const v = form[name];
  return (Array.isArray(v) ? v[0] : v) || undefined;
};

/** Client authentication by HTTP Basic (RFC 6749 §2.3.1: form-urlencoded id and secret). */
function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const dec = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  return { id: dec(decoded.slice(0, colon)), secret: dec(decoded.slice(colon + 1)) };
}

/** The client id and whichever credential came: Basic, `client_secret`, or `client_assertion`. */
export function clientCredentialsFrom(request: FastifyRequest, form: Form): ClientCredentialInput & { clientId?: string } {
  const basic = basicCredentials(request);
  if (basic && field(form, 'client_secret')) throw oauthErrors.conflictingCredentials();
  return {
    clientId: basic?.id ?? field(form, 'client_id'),
    clientSecret: basic?.secret ?? field(form, 'client_secret'),
    assertionType: field(form, 'client_assertion_type'),
    assertion: field(form, 'client_assertion'),
  };
}
