import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.js';
import { DomainError } from '../../domain/errors.js';
import { pairwiseSub } from '../../domain/identity/user-tokens.js';

/**
 * `GET /oidc/userinfo` (OIDC Core §5.3) with a delegated access token: the same `sub` as the id
 * token the app got, and the profile claims Entra's endpoint returns. Refusals follow RFC 6750 §3.
 */
export function userInfoRoute(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const refuse = (description: string) => reply.code(401)
      .header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`)
      .send({ error: 'invalid_token', error_description: description });
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m) return refuse('No access token.');
    let principal;
    try {
      principal = await services.verifier.verify(m[1]);
    } catch (err) {
      if (err instanceof DomainError) return refuse(err.message);
      throw err;
    }
    if (principal.kind !== 'user') return refuse('The userinfo endpoint needs a token for a signed-in user.');
    const user = await services.store.users.findById(principal.tenantId, principal.userId);
    if (!user) return refuse('The user no longer exists.');
    return reply.header('cache-control', 'no-store').send({
      sub: pairwiseSub(principal.appId, user.id),
      name: user.displayName ?? undefined,
      family_name: user.surname ?? undefined,
      given_name: user.givenName ?? undefined,
      email: user.mail ?? undefined,
      preferred_username: user.userPrincipalName,
    });
  };
  app.get('/oidc/userinfo', handler);
  app.post('/oidc/userinfo', handler);
}
