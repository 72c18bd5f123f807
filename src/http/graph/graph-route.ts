import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteShorthandOptions } from 'fastify';
import { DomainError } from '../../domain/errors.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
export interface MethodSpec { handler: Handler; schema?: RouteShorthandOptions['schema'] }

const ALL: HTTPMethods[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

/**
 * Registers a Graph resource path with its methods, and answers every other method with Graph's
 * 405 so a wrong verb is never mistaken for an unknown resource.
 */
export function graphRoute(app: FastifyInstance, url: string, methods: Partial<Record<HTTPMethods, MethodSpec>>): void {
  for (const method of ALL) {
    const spec = methods[method];
    if (spec) {
      app.route({ method, url, schema: spec.schema, handler: spec.handler });
    } else {
      app.route({
        method, url, handler: async () => {
          throw new DomainError('MethodNotAllowed', 'Request_BadRequest', `The HTTP method '${method}' is not allowed for the requested resource.`);
        },
      });
    }
  }
}
