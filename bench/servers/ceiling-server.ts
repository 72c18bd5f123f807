/**
 * The ceiling: bare Fastify routes at Portico's paths, with no auth, no validation and no storage.
 * POST /v1.0/invitations parses the JSON body (Fastify's default parser) and echoes the address
 * with a 201; GET /v1.0/users answers an empty users page (what an existence query that finds
 * nobody answers) with Graph's JSON content type. Each pays for what any JSON endpoint pays for,
 * and whatever Portico reaches is reported as a share of it (bench:invite, bench:query).
 */
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { announce, freePort } from './free-port.js';

const app = Fastify({ logger: false });
app.post('/v1.0/invitations', async (request, reply) => {
  const body = request.body as { invitedUserEmailAddress?: string };
  return reply.code(201).send({ id: randomUUID(), invitedUserEmailAddress: body.invitedUserEmailAddress ?? null, status: 'PendingAcceptance' });
});

app.get('/v1.0/users', async (_request, reply) => reply.code(200)
  .header('content-type', 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8')
  .send({ '@odata.context': 'http://127.0.0.1/v1.0/$metadata#users', value: [] }));

const port = await freePort();
await app.listen({ host: '127.0.0.1', port });
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
announce({ port, token: 'ceiling', tenantId: 'ceiling' });
