import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { clientCredentialsGrant } from '../../domain/identity/client-credentials.js';
import { authorizationCodeGrant } from '../../domain/identity/grants/authorization-code-grant.js';
import { deviceCodeGrant } from '../../domain/identity/grants/device-code-grant.js';
import type { GrantServices } from '../../domain/identity/grants/grant-context.js';
import { passwordGrant } from '../../domain/identity/grants/password-grant.js';
import { refreshTokenGrant } from '../../domain/identity/grants/refresh-token-grant.js';
import { oauthErrors } from '../../domain/identity/oauth-error.js';
import type { UserTokenSet } from '../../domain/identity/user-tokens.js';
import { clientCredentialsFrom, field, type Form } from './token-form.js';

export const grantServices = (services: Services): GrantServices => ({
  store: services.store, clock: services.clock, keys: services.keys,
  settings: { publicUrl: services.config.publicUrl, lifetimeSeconds: services.config.tokenLifetimeSeconds },
});

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');

/** A delegated token response: what MSAL needs to cache the tokens and build its account. */
function sendUserTokens(reply: FastifyReply, t: UserTokenSet): FastifyReply {
  return noStore(reply).send({
    token_type: 'Bearer', scope: t.scope, expires_in: t.expiresIn, ext_expires_in: t.expiresIn,
    access_token: t.accessToken,
    ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
    ...(t.idToken ? { id_token: t.idToken } : {}),
    client_info: t.clientInfo,
  });
}

/** `POST /{tenant}/oauth2/v2.0/token`. Unknown form fields (MSAL telemetry, `claims`) are ignored. */
export function tokenRoute(app: FastifyInstance, services: Services): void {
  const s = grantServices(services);
  app.post('/:tenant/oauth2/v2.0/token', async (request: FastifyRequest, reply) => {
    const { tenant } = request.params as { tenant: string };
    const form = (request.body ?? {}) as Form;
    const grant = field(form, 'grant_type');
    if (!grant) throw oauthErrors.missingParameter('grant_type');
    const client = clientCredentialsFrom(request, form);
    const clientId = client.clientId;
    switch (grant) {
      case 'client_credentials': {
        const result = await clientCredentialsGrant(s.store, s.keys, s.clock, s.settings, { tenant, ...client, scope: field(form, 'scope') });
        return noStore(reply).send({ token_type: 'Bearer', expires_in: result.expiresIn, ext_expires_in: result.expiresIn, access_token: result.accessToken });
      }
      case 'authorization_code':
        return sendUserTokens(reply, await authorizationCodeGrant(s, {
          tenant, ...client, clientId, code: field(form, 'code'), redirectUri: field(form, 'redirect_uri'), codeVerifier: field(form, 'code_verifier'),
        }));
      case 'refresh_token':
        return sendUserTokens(reply, await refreshTokenGrant(s, { tenant, ...client, refreshToken: field(form, 'refresh_token'), scope: field(form, 'scope') }));
      case 'password':
        return sendUserTokens(reply, await passwordGrant(s, {
          tenant, ...client, username: field(form, 'username'), password: field(form, 'password'), scope: field(form, 'scope'), sourceAddress: request.ip,
        }));
      // MSAL sends the short form; RFC 8628 §3.4 names the URN.
      case 'device_code':
      case 'urn:ietf:params:oauth:grant-type:device_code':
        return sendUserTokens(reply, await deviceCodeGrant(s, { tenant, ...client, deviceCode: field(form, 'device_code') ?? field(form, 'code') }));
      default:
        throw oauthErrors.unsupportedGrant(grant);
    }
  });
}
