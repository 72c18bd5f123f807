import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { clientCredentialsGrant } from '../../domain/identity/client-credentials.js';
import { oauthErrors } from '../../domain/identity/oauth-error.js';

type Form = Record<string, string | string[] | undefined>;

const field = (form: Form, name: string): string | undefined => {
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

/** `POST /{tenant}/oauth2/v2.0/token`. Unknown form fields (MSAL telemetry, `claims`) are ignored. */
export function tokenRoute(app: FastifyInstance, services: Services): void {
  app.post('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const form = (request.body ?? {}) as Form;
    const grant = field(form, 'grant_type');
    if (!grant) throw oauthErrors.missingParameter('grant_type');
    if (grant !== 'client_credentials') throw oauthErrors.unsupportedGrant(grant);
    const basic = basicCredentials(request);
    if (basic && field(form, 'client_secret')) throw oauthErrors.conflictingCredentials();
    const result = await clientCredentialsGrant(services.store, services.keys, services.clock,
      { publicUrl: services.config.publicUrl, lifetimeSeconds: services.config.tokenLifetimeSeconds },
      { tenant, clientId: basic?.id ?? field(form, 'client_id'), clientSecret: basic?.secret ?? field(form, 'client_secret'), scope: field(form, 'scope') });
    return reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache').send({
      token_type: 'Bearer',
      expires_in: result.expiresIn,
      ext_expires_in: result.expiresIn,
      access_token: result.accessToken,
    });
  });
}
