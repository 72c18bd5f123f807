import { DomainError } from '../../domain/errors.js';
import { quote, resolveItemUrl } from './batch-url.js';
import type { ApiVersion } from './user-json.js';

/** "JSON batch requests are currently limited to 20 individual requests" (json-batching). */
export const MAX_BATCH_REQUESTS = 20;

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type BatchMethod = (typeof METHODS)[number];
const WRITES: readonly BatchMethod[] = ['POST', 'PUT', 'PATCH'];

/** One request of a batch, checked and ready to dispatch. */
export interface BatchItem {
  /** The id as the client wrote it; responses echo it. */
  id: string;
  /** The id lower-cased: ids are unique and referenced case-insensitively. */
  key: string;
  method: BatchMethod;
  /** Path and query under the batch's version, e.g. `/v1.0/users?$top=1`. */
  target: string;
  /** The item's own headers, names lower-cased. */
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Keys of the items this one waits for. */
  dependsOn: string[];
}

const batchError = (message: string) => new DomainError('BadRequest', 'BadRequest', message);
const TOKEN = /^[!#$%&'*+.^_`|~\dA-Za-z-]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const BASE64 = /^[A-Za-z\d+/_-]*={0,2}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseHeaders(id: string, raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) throw batchError(`The headers of request ${quote(id)} must be a JSON object.`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw batchError(`The header ${quote(name)} of request ${quote(id)} must be a string.`);
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) throw batchError(`Request ${quote(id)} has an invalid header ${quote(name)}.`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The body as bytes for the item's Content-Type, following OData JSON batch (4.01 §19.1): JSON
 * for JSON media types, the string itself for `text/*`, base64url (or base64) for anything else.
 */
function encodeBody(id: string, body: unknown, contentType: string): string | Buffer {
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) return JSON.stringify(body);
  if (typeof body !== 'string') throw batchError(`The body of request ${quote(id)} must be a string for the Content-Type ${quote(contentType)}.`);
  if (media.startsWith('text/')) return body;
  if (!BASE64.test(body)) throw batchError(`The body of request ${quote(id)} is not base64 for the Content-Type ${quote(contentType)}.`);
  return Buffer.from(body, 'base64');
}

function parseItem(raw: unknown, index: number, version: ApiVersion): BatchItem & { rawDependsOn: string[] } {
  if (!isObject(raw)) throw batchError(`Request ${index + 1} of the batch is not a JSON object.`);
  const { id, method, url, body, dependsOn } = raw;
  if (typeof id !== 'string' || id.trim() === '') throw batchError(`Request ${index + 1} of the batch has no 'id'; every request needs a unique string id.`);
  if (typeof method !== 'string' || method === '') throw batchError(`Request ${quote(id)} has no 'method'.`);
  const verb = METHODS.find((m) => m === method.toUpperCase());
  if (!verb) throw batchError(`Request ${quote(id)} has the method ${quote(method)}; use GET, POST, PUT, PATCH or DELETE.`);
  if (typeof url !== 'string' || url === '') throw batchError(`Request ${quote(id)} has no 'url'.`);
  if (raw.atomicityGroup !== undefined) throw batchError(`Request ${quote(id)} has an 'atomicityGroup'; atomicity groups are not supported.`);
  const target = resolveItemUrl(id, url, version);
  const headers = parseHeaders(id, raw.headers);
  const hasBody = body !== undefined && body !== null;
  const contentType = headers['content-type'];
  // Graph refuses the whole batch here, with this wording (msgraph-sdk-dotnet#1038, #2628).
  if (WRITES.includes(verb) && (!hasBody || !contentType)) throw batchError(`Write request id : ${id} does not contain Content-Type header or body.`);
  if (hasBody && !contentType) throw batchError(`Request id : ${id} has a body but no Content-Type header.`);
  if (dependsOn !== undefined && (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== 'string'))) {
    throw batchError(`The dependsOn of request ${quote(id)} must be an array of request ids.`);
  }
  const rawDependsOn = [...new Set((dependsOn as string[] | undefined) ?? [])];
  return {
    id, key: id.toLowerCase(), method: verb, target, headers,
    ...(hasBody && contentType ? { payload: encodeBody(id, body, contentType) } : {}),
    dependsOn: rawDependsOn.map((d) => d.toLowerCase()), rawDependsOn,
  };
}

/** Refuses dependencies on ids that are not in the batch, and cycles (which could never run). */
function checkDependencies(items: (BatchItem & { rawDependsOn: string[] })[]): void {
  const byKey = new Map(items.map((i) => [i.key, i]));
  for (const item of items) {
    item.rawDependsOn.forEach((raw, n) => {
      if (!byKey.has(item.dependsOn[n])) throw batchError(`Request ${quote(item.id)} depends on ${quote(raw)}, which is not a request of this batch.`);
    });
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: BatchItem): void => {
    if (state.get(item.key) === 'done') return;
    if (state.get(item.key) === 'visiting') throw batchError(`The dependsOn of the batch form a cycle through request ${quote(item.id)}.`);
    state.set(item.key, 'visiting');
    for (const dep of item.dependsOn) visit(byKey.get(dep) as BatchItem);
    state.set(item.key, 'done');
  };
  items.forEach(visit);
}

/**
 * Checks a `$batch` body (json-batching; graph-spec §7). Anything wrong with the batch itself
 * refuses all of it with 400, before any request runs: Graph answers 400 "if the batch request
 * itself is malformed" and 200 once it is parseable.
 */
export function parseBatch(body: unknown, version: ApiVersion): BatchItem[] {
  if (!isObject(body) || !Array.isArray(body.requests)) throw batchError("The batch request must be a JSON object with a 'requests' array.");
  const { requests } = body;
  if (requests.length === 0) throw batchError('The batch request must contain at least one request.');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw batchError(`The batch request contains ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`);
  }
  const items = requests.map((raw, index) => parseItem(raw, index, version));
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.key)) throw batchError(`The batch contains more than one request with the id ${quote(item.id)}; ids must be unique (case-insensitively).`);
    seen.add(item.key);
  }
  checkDependencies(items);
  return items.map(({ rawDependsOn: _raw, ...item }) => item);
}
