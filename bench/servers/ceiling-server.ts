/**
 * The ceiling: a bare Fastify route at Portico's path answering 201, with no auth, no validation
 * and no storage. It parses the JSON body (Fastify's default parser) and echoes the address, so it
 * pays for what any JSON endpoint pays for. Whatever Portico reaches is reported as a share of this.
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { announce, freePort } from './free-port.js';

const app = Fastify({ logger: false });
app.post('/v1.0/invitations', async (request, reply) => {
  const body = request.body as { invitedUserEmailAddress?: string };
  return reply.code(201).send({ id: randomUUID(), invitedUserEmailAddress: body.invitedUserEmailAddress ?? null, status: 'PendingAcceptance' });
});

const port = await freePort();
await app.listen({ host: '127.0.0.1', port });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
announce({ port, token: 'ceiling', tenantId: 'ceiling' });
