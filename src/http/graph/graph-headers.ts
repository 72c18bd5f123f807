import type { FastifyReply, FastifyRequest } from 'fastify';

/** Graph's JSON content type (graph-spec §1.4). */
export const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's `client-request-id` when it sent a sane one, else the request id (as Graph does). */
export function clientRequestId(request: FastifyRequest): string {
  const sent = request.headers['client-request-id'] ?? (request.query as Record<string, unknown> | undefined)?.['client-request-id'];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return typeof value === 'string' && CLIENT_REQUEST_ID.test(value) ? value : request.id;
}

/** `request-id` and `client-request-id` go on every response, errors included. */
export function setCorrelationHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('request-id', request.id);
  reply.header('client-request-id', clientRequestId(request));
}

export function sendGraphJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', GRAPH_JSON).header('odata-version', '4.0')
    .header('cache-control', 'no-cache').send(body);
}
