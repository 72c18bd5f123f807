import type { FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { parseBatch, type BatchItem } from './batch-schema.js';
import { nestedBatch, quote } from './batch-url.js';
import { envelope, toGraphError } from './error-envelope.js';
import { graphRoute } from './graph-route.js';
import { clientRequestId, GRAPH_JSON, sendGraphJson } from './graph-headers.js';
import { runBatch, type BatchResponse } from './run-batch.js';
import type { ApiVersion } from './user-json.js';

/**
 * Set on every request a batch dispatches (after the item's own headers, so an item cannot remove
 * it): the batch route refuses requests carrying it, so a batch can never run another batch.
 */
const BATCH_ITEM_HEADER = 'x-portico-batch-item';

/**
 * Headers an item may not set: the batch's token is the identity of every item, and the framing
 * belongs to the dispatch.
 */
const NOT_FORWARDED = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'expect', 'upgrade', 'te']);

/** Framing and correlation headers of an item's answer that are not part of its `headers`. */
const NOT_RETURNED = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date', 'request-id', 'client-request-id']);

/**
 * Graph spells item response headers like this (json-batching sample), and the Graph JS SDK's
 * BatchResponseContent looks `Content-Type` up with exactly that case to decide whether `body` is JSON.
 */
const CANONICAL: Record<string, string> = {
  'content-type': 'Content-Type', 'cache-control': 'Cache-Control', 'odata-version': 'OData-Version', location: 'Location',
  'retry-after': 'Retry-After', 'www-authenticate': 'WWW-Authenticate', etag: 'ETag',
};

function responseHeaders(res: LightMyRequestResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || NOT_RETURNED.has(name)) continue;
    headers[CANONICAL[name] ?? name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** JSON bodies as JSON, text as a string, anything else base64 (OData JSON batch 4.01 §19.2). */
function responseBody(res: LightMyRequestResponse): unknown {
  if (res.statusCode === 204 || res.rawPayload.length === 0) return undefined;
  const media = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) {
    try { return JSON.parse(res.body); } catch { return res.body; }
  }
  return media === '' || media.startsWith('text/') ? res.body : res.rawPayload.toString('base64');
}

function errorResponse(request: FastifyRequest, id: string, status: number, code: string, message: string): BatchResponse {
  return {
    id, status,
    headers: { 'Content-Type': GRAPH_JSON, 'OData-Version': '4.0', 'Cache-Control': 'no-cache' },
    body: envelope(request, { status, code, message }),
  };
}

/**
 * Runs one item through the same instance with `inject`: the same routes, hooks, authentication,
 * permission checks and error envelope as a direct call, so a batch is never a second way in.
 */
async function dispatch(app: FastifyInstance, batch: FastifyRequest, item: BatchItem): Promise<BatchResponse> {
  const headers: Record<string, string> = { 'client-request-id': clientRequestId(batch) };
  for (const [name, value] of Object.entries(item.headers)) if (!NOT_FORWARDED.has(name)) headers[name] = value;
  if (batch.headers.authorization) headers.authorization = batch.headers.authorization;
  headers[BATCH_ITEM_HEADER] = batch.id;
  const options: InjectOptions = { method: item.method, url: item.target, headers, ...(item.payload === undefined ? {} : { payload: item.payload }) };
  try {
    const res = await app.inject(options);
    const body = responseBody(res);
    return { id: item.id, status: res.statusCode, headers: responseHeaders(res), ...(body === undefined ? {} : { body }) };
  } catch (err) {
    batch.log.error({ err, item: item.id }, 'batch item could not be dispatched');
    const e = toGraphError(err);
    return errorResponse(batch, item.id, e.status, e.code, e.message);
  }
}

/** `POST /{version}/$batch`: JSON batching (graph-spec §7). */
export function batchRoutes(app: FastifyInstance, version: ApiVersion): void {
  graphRoute(app, '/$batch', {
    POST: {
      handler: async (request, reply) => {
        if (request.headers[BATCH_ITEM_HEADER] !== undefined) throw nestedBatch();
        const items = parseBatch(request.body, version);
        const responses = await runBatch(
          items,
          (item) => dispatch(app, request, item),
          (item, dependency) => errorResponse(request, item.id, 424, 'FailedDependency',
            `The request was not run because request ${quote(dependency.id)}, which it depends on, failed with status ${dependency.status}.`),
        );
        return sendGraphJson(reply, 200, { responses });
      },
    },
  });
}
