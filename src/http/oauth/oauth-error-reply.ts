import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../../domain/identity/oauth-error.js';
import { clientRequestId } from '../graph/graph-headers.js';

/**
 * The identity platform's error body (graph-spec §4.1): `error`, an `error_description` that begins
 * with the AADSTS code and ends with trace, correlation and time lines, `error_codes`, and the ids.
 */
export function sendOAuthError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const e = err instanceof OAuthError ? err : asOAuthError(request, err);
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  const correlation = clientRequestId(request);
  return reply.code(e.status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store, no-cache').send({
    error: e.error,
    error_description: `AADSTS${e.aadsts}: ${e.message} Trace ID: ${request.id} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
    error_codes: [e.aadsts],
    timestamp,
    trace_id: request.id,
    correlation_id: correlation,
    ...(e.suberror ? { suberror: e.suberror } : {}),
  });
}

function asOAuthError(request: FastifyRequest, err: unknown): OAuthError {
  const code = (err as { code?: string }).code ?? '';
  if (code.startsWith('FST_ERR_CTP')) {
    return new OAuthError('invalid_request', 900144, 'The request body must be application/x-www-form-urlencoded form data.');
  }
  request.log.error({ err }, 'unhandled error at the authority');
  return new OAuthError('temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.', 500);
}

/** A parameter or path segment holding U+0000 (http/nul-character.ts): Entra's malformed request. */
export const nulRefused = (): OAuthError =>
  new OAuthError('invalid_request', 9002313, 'Invalid request. Request is malformed or invalid: a parameter holds the character U+0000.');
