import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { BODY_LIMIT_TEXT } from '../body-limit.js';
import { clientRequestId, sendGraphJson } from './graph-headers.js';
import { describeValidationError } from './validation-message.js';

export interface GraphError {
  status: number;
  code: string;
  message: string;
  target?: string;
}

/** `date` in innerError carries no zone suffix in every Graph sample (graph-spec §1.7). */
const innerDate = () => new Date().toISOString().slice(0, 19);

export function envelope(request: FastifyRequest, e: GraphError): unknown {
  return {
    error: {
      code: e.code,
      message: e.message,
      ...(e.target ? { target: e.target } : {}),
      innerError: { date: innerDate(), 'request-id': request.id, 'client-request-id': clientRequestId(request) },
    },
  };
}

/** Maps anything thrown while serving a Graph request to Graph's error; unknown errors become a generic 500. */
export function toGraphError(err: unknown): GraphError {
  if (err instanceof DomainError) return { status: err.status, code: err.code, message: err.message, target: err.target };
  const fe = err as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation) return { status: 400, code: 'Request_BadRequest', message: describeValidationError(fe as FastifyError) };
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'BadRequest', message: `Invalid JSON in the request body: ${fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'the body is empty' : 'it could not be parsed'}.` };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 400, code: 'BadRequest', message: `The request body is larger than the maximum of ${BODY_LIMIT_TEXT}.` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'UnsupportedMediaType', message: 'The content type of the request is not supported; send application/json.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'BadRequest', message: 'The Content-Length header does not match the body.' };
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'BadRequest', message: 'The request could not be understood.' };
  }
  return { status: 500, code: 'InternalServerError', message: 'An internal server error occurred. Use the request-id to find it in the server log.' };
}

export function sendGraphError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const e = toGraphError(err);
  if (e.status >= 500) request.log.error({ err }, 'unhandled error');
  if (e.status === 401) reply.header('www-authenticate', 'Bearer realm="", authorization_uri="", client_id="00000003-0000-0000-c000-000000000000"');
  return sendGraphJson(reply, e.status, envelope(request, e));
}
