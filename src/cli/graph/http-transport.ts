import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  statusText: string;
  /** A response header by lower-case name, or null. */
  header(name: string): string | null;
  text: string;
}

// Kept-alive connections, as many as the caller has requests in flight: a bulk run reuses them.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * One HTTP exchange with node:http(s). The CLI uses this rather than fetch: at hundreds of requests
 * a second, fetch's web streams cost the CLI more CPU than Portico spends answering. TLS trust is
 * Node's (NODE_EXTRA_CA_CERTS is read at start-up by both).
 *
 * A kept-alive connection may be closed by the server just as a request is written on it (servers
 * drop idle connections after a few seconds; device-code polling waits that long between
 * requests). The request then fails before any answer, and the server never read it: it is sent
 * again, as Node's documentation advises (`request.reusedSocket`); a new connection cannot fail so.
 */
export async function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  // More than one idle connection of the pool may have been closed: a few tries, then the error.
  for (let attempt = 1; ; attempt++) {
    try {
      return await exchange(url, method, headers, body);
    } catch (err) {
      if (!(err instanceof ReusedSocketClosed) || attempt >= 3) throw err;
    }
  }
}

/** The server closed a kept-alive connection before answering the request written on it. */
class ReusedSocketClosed extends Error {}

function exchange(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const all = body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(target, { method, headers: all, agent: secure ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h: IncomingHttpHeaders = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          header: (name) => { const v = h[name]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; },
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const closedUnderUs = req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
      reject(closedUnderUs ? new ReusedSocketClosed(err.message, { cause: err }) : err);
    });
    req.end(body);
  });
}
