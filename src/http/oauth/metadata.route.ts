import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { issuerFor } from '../../domain/identity/access-tokens.js';
import { oauthErrors } from '../../domain/identity/oauth-error.js';

async function tenantFrom(services: Services, request: FastifyRequest) {
  const { tenant } = request.params as { tenant: string };
  const t = await services.store.tenants.findByIdOrDomain(tenant);
  if (!t) throw oauthErrors.tenantNotFound(tenant);
  return t;
}

/** OpenID Connect discovery and the JWKS (graph-spec §4.1), every URL built from `--public-url`. */
export function metadataRoutes(app: FastifyInstance, services: Services): void {
  const base = services.config.publicUrl;
  const discovery = async (request: FastifyRequest) => {
    const t = await tenantFrom(services, request);
    const at = `${base}/${t.id}`;
    return {
      token_endpoint: `${at}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${at}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerFor(base, t.id),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${at}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${at}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      tenant_region_scope: null,
      cloud_instance_name: new URL(base).host,
      cloud_graph_host_name: new URL(base).host,
      msgraph_host: new URL(base).host,
      rbac_url: base,
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:device_code'],
      code_challenge_methods_supported: ['S256', 'plain'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256'],
    };
  };
  const jwks = async (request: FastifyRequest) => {
    await tenantFrom(services, request);
    return { keys: (await services.keys.publishedNow()).map((k) => ({ ...k.publicJwk, x5t: undefined, issuer: `${base}/{tenantid}/v2.0` })) };
  };
  for (const path of ['/:tenant/v2.0/.well-known/openid-configuration', '/:tenant/.well-known/openid-configuration']) {
    app.get(path, async (request, reply) => reply.header('cache-control', 'max-age=86400, private').header('access-control-allow-origin', '*').send(await discovery(request)));
  }
  for (const path of ['/:tenant/discovery/v2.0/keys', '/:tenant/discovery/keys']) {
    app.get(path, async (request, reply) => reply.header('cache-control', 'max-age=86400, private').header('access-control-allow-origin', '*').send(await jwks(request)));
  }
}
