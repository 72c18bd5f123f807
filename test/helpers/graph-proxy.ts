/**
 * A tiny real HTTP proxy in front of a plain-HTTP Portico: it records every request the CLI makes
 * and can answer some of them itself with Graph's 429 (graph-spec §6), the way a throttled Graph
 * does, before forwarding the rest unchanged.
 */
import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The status the client got. */
  status: number;
}

export interface GraphProxy {
  origin: string;
  requests: Recorded[];
  /** Answers the next `count` requests matching `match` with 429 and this Retry-After. */
  throttle(count: number, retryAfter: string, match: (method: string, url: string) => boolean): void;
  close(): Promise<void>;
}

export async function startGraphProxy(target: string): Promise<GraphProxy> {
  const requests: Recorded[] = [];
  let throttle = { left: 0, retryAfter: '1', match: (_m: string, _u: string) => false };
  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (throttle.left > 0 && throttle.match(method, url)) {
      throttle.left--;
      requests.push({ method, url, headers: req.headers, status: 429 });
      req.resume();
      const date = new Date().toISOString().slice(0, 19);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': throttle.retryAfter });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Please retry again later.', innerError: { code: '429', date, message: 'Please retry after', status: '429' } } }));
      return;
    }
    const upstream = httpRequest(new URL(url, target), { method, headers: req.headers }, (answer) => {
      requests.push({ method, url, headers: req.headers, status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    throttle(count, retryAfter, match) { throttle = { left: count, retryAfter, match }; },
    async close() {
      server.closeAllConnections();
      server.close();
    },
  };
}
