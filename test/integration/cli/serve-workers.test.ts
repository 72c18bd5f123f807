import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { childrenOf, isAlive } from '../../../bench/lib/process-tree.js';
import { createDatabase, dialects } from '../../helpers/databases.js';
import { assertCleanError, freePort, runCli, ServeProcess } from '../../helpers/portico-process.js';

/**
 * `portico serve --workers 2`: one primary forks two processes that serve the same port and share
 * the database. Every request below goes over a connection of its own, so the kernel hands them to
 * both workers in turn: tokens, invitations and nextLinks made by one are honoured by the other.
 */

/** One request on a new connection (no keep-alive), so consecutive calls may reach different workers. */
function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { ...headers, connection: 'close' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => {
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('portico serve --workers', { concurrency: true }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  it('refuses a worker count out of range with a clean error', async () => {
    assertCleanError(await runCli(['serve', '--http', '--workers', '0']), /--workers must be between 1 and 64/);
    assertCleanError(await runCli(['serve', '--http', '--workers', 'two']), /--workers must be a whole number/);
  });

  for (const dialect of dialects()) {
    it(`${dialect}: two workers share the port and the database, a dead worker is replaced, SIGTERM stops all`, async () => {
      const db = await createDatabase(dialect);
      const dataDir = mkdtempSync(join(tmpdir(), 'portico-workers-'));
      const port = await freePort();
      const started = Date.now();
      const server = await ServeProcess.start(['--http', '--port', String(port), '--host', '127.0.0.1', '--db', db.url, '--data-dir', dataDir, '--log-level', 'warn', '--workers', '2']);
      cleanups.push(async () => {
        await server.stop('SIGKILL');
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      });
      assert.match(server.stdout, /Portico is listening on http:\/\/localhost:\d+ \(2 worker processes\)/);
      // The first start's credentials are printed once, by the primary.
      assert.equal(server.stdout.match(/^ {2}client secret /gm)?.length, 1, server.stdout);
      const primary = server.child.pid as number;
      const workers = childrenOf(primary);
      assert.equal(workers.length, 2, `children of the primary: ${workers.join(' ')}`);

      const field = (label: string) => new RegExp(`^  ${label}\\s+(\\S+)$`, 'm').exec(server.stdout)?.[1] ?? '';
      const base = `http://127.0.0.1:${port}`;
      const tokenAnswer = await call(`${base}/${field('tenant id')}/oauth2/v2.0/token`, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({
        grant_type: 'client_credentials', client_id: field('client id'), client_secret: field('client secret'), scope: 'https://graph.microsoft.com/.default',
      }).toString());
      assert.equal(tokenAnswer.status, 200, JSON.stringify(tokenAnswer.json));
      const auth = { authorization: `Bearer ${String(tokenAnswer.json.access_token)}` };

      const invite = async (n: number) => {
        const r = await call(`${base}/v1.0/invitations`, 'POST', { ...auth, 'content-type': 'application/json' },
          JSON.stringify({ invitedUserEmailAddress: `worker.guest${n}@example.com`, inviteRedirectUrl: 'https://example.com' }));
        assert.equal(r.status, 201, JSON.stringify(r.json));
        return (r.json.invitedUser as { id: string }).id;
      };
      const invited = new Set<string>();
      for (let n = 0; n < 10; n++) invited.add(await invite(n));

      // Paging three at a time: each nextLink (a skiptoken signed by whichever worker answered) is followed on a new connection.
      const seen: string[] = [];
      for (let next: string | undefined = `${base}/v1.0/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$top=3&$select=id`; next;) {
        const page = await call(next.replace(/^http:\/\/localhost:\d+/, base), 'GET', auth);
        assert.equal(page.status, 200, JSON.stringify(page.json));
        seen.push(...(page.json.value as { id: string }[]).map((u) => u.id));
        next = page.json['@odata.nextLink'] as string | undefined;
      }
      assert.deepEqual(new Set(seen), invited);
      assert.equal(seen.length, invited.size, 'no user twice across pages');

      // A worker that dies is replaced (workers younger than 5 s are not: they would die again).
      await new Promise((r) => setTimeout(r, Math.max(0, 5_500 - (Date.now() - started))));
      process.kill(workers[1], 'SIGKILL');
      await until(() => childrenOf(primary).length === 2 && !childrenOf(primary).includes(workers[1]), 'a replacement worker');
      const exited = new RegExp(`worker \\d \\(pid ${workers[1]}\\) exited \\(SIGKILL\\)`);
      await until(() => exited.test(server.stderr), 'the primary to report the dead worker');
      // The primary holds the port and hands connections only to listening workers: nothing is refused meanwhile.
      for (let n = 10; n < 16; n++) invited.add(await invite(n));
      assert.equal(invited.size, 16);

      const live = childrenOf(primary);
      assert.equal(await server.stop('SIGTERM'), 0, server.stderr);
      for (const pid of live) assert.equal(isAlive(pid), false, `worker ${pid} outlived the primary`);
    });
  }
});
