import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.js';
import { startDeviceAuthorization } from '../../domain/identity/device-authorization.js';
import { field, type Form } from './token-form.js';
import { grantServices } from './token.route.js';

/** `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628 §3.2, with Entra's `message`). */
export function deviceCodeRoute(app: FastifyInstance, services: Services): void {
  const s = grantServices(services);
  app.post('/:tenant/oauth2/v2.0/devicecode', async (request, reply) => {
    const { tenant } = request.params as { tenant: string };
    const form = (request.body ?? {}) as Form;
    const d = await startDeviceAuthorization(s, tenant, field(form, 'client_id'), field(form, 'scope'));
    const uri = `${services.config.publicUrl}/devicelogin`;
    return reply.header('cache-control', 'no-store').send({
      user_code: d.userCode,
      device_code: d.deviceCode,
      verification_uri: uri,
      expires_in: d.expiresIn,
      interval: d.interval,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${d.userCode} to authenticate.`,
    });
  });
}
