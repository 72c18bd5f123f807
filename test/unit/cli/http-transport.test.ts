import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { send } from '../../../src/cli/graph/http-transport.js';
import { listenOnLoopback } from '../../helpers/loopback-server.js';

/**
 * The race between a client reusing a kept-alive connection and the server closing it as idle,
 * made certain: this server answers the first request of every connection and drops the
 * connection, unanswered, when a second request arrives on it.
 */
describe('CLI HTTP transport: a kept-alive connection closed by the server', () => {
  let server: Server;
  let origin: string;
  const served = new WeakMap<Socket, number>();
  let answered = 0;
  let dropped = 0;

  before(async () => {
    server = createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) {
        dropped++;
        req.socket.destroy();
        return;
      }
      req.resume().on('end', () => {
        answered++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ n: answered }));
      });
    });
    origin = await listenOnLoopback(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('sends the request again on a new connection, and answers it once', async () => {
    const first = await send(`${origin}/token`, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=x');
    assert.equal(first.status, 200);
    const second = await send(`${origin}/token`, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=x');
    assert.equal(second.status, 200);
    assert.deepEqual(JSON.parse(second.text), { n: 2 });
    assert.equal(dropped, 1, 'the second request was first written on the kept-alive connection');
    assert.equal(answered, 2);
  });

  it('does not resend when a new connection fails', async () => {
    const closed = createServer((req) => req.socket.destroy());
    const closedOrigin = await listenOnLoopback(closed);
    let attempts = 0;
    closed.on('connection', () => { attempts++; });
    try {
      await assert.rejects(send(`${closedOrigin}/token`, 'POST', {}, 'x'), /socket hang up/);
      assert.equal(attempts, 1);
    } finally {
      closed.close();
    }
  });
});
