import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { startGraphCli, type GraphCli } from '../../helpers/graph-cli.js';
import type { GraphProxy } from '../../helpers/graph-proxy.js';

interface ProfileFile { current: string; profiles: Record<string, { clientSecret?: string; accessToken?: string; expiresAt?: number; baseUrl: string; authority: string }> }

/**
 * What the CLI puts on the wire, seen by a recording proxy in front of Portico: the Graph version
 * in the path, headers on every page, one token reused until it expires, and 429 with Retry-After.
 */
describe('portico Graph client on the wire', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let g: GraphCli;
      let proxy: GraphProxy;
      let profiles: string;
      const tokenRequests = () => proxy.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/oauth2/v2.0/token')).length;
      const since = (mark: number) => proxy.requests.slice(mark);
      const readProfiles = () => JSON.parse(readFileSync(profiles, 'utf8')) as ProfileFile;
      before(async () => {
        db = await createDatabase(dialect);
        g = await startGraphCli(db, { proxied: true, login: false });
        proxy = g.proxy as GraphProxy;
        profiles = join(g.env.PORTICO_CONFIG_DIR, 'profiles.json');
      });
      after(async () => {
        await g?.close();
        await db?.drop();
      });

      it('login refuses a wrong secret with the OAuth error, then signs in from the environment into an owner-only file', async () => {
        const bad = await g.cli(['login', '--base-url', g.origin, '--tenant', g.tenantId, '--client-id', g.clientId, '--client-secret', 'wrong']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /^error: invalid_client: /m);
        const r = await g.cli(['login', '--base-url', g.origin, '--tenant', g.tenantId], { PORTICO_CLIENT_ID: g.clientId, PORTICO_CLIENT_SECRET: g.clientSecret });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`^Signed in to tenant ${g.tenantId} at ${g.origin} as app ${g.clientId}; profile 'default' saved in ${profiles.replace(/[.]/g, '\\.')}\\.$`, 'm'));
        assert.equal(statSync(profiles).mode & 0o777, 0o600);
        assert.equal(statSync(g.env.PORTICO_CONFIG_DIR).mode & 0o777, 0o700);
        const file = readProfiles();
        assert.equal(file.current, 'default');
        assert.equal(file.profiles.default.clientSecret, g.clientSecret);
        assert.equal(file.profiles.default.authority, g.origin, 'the authority defaults to the base URL\'s origin');
        assert.equal(tokenRequests(), 2);
      });

      it('reuses the cached token until it expires, and replaces one the server refuses', async () => {
        await g.ok(['Get-MgUser']);
        await g.ok(['Get-MgUser', '-Top', '1']);
        assert.equal(tokenRequests(), 2, 'the token from login is reused');
        const file = readProfiles();
        file.profiles.default.expiresAt = Date.now() - 1000;
        writeFileSync(profiles, JSON.stringify(file));
        await g.ok(['Get-MgUser']);
        assert.equal(tokenRequests(), 3, 'an expired token is replaced');
        assert.ok((readProfiles().profiles.default.expiresAt ?? 0) > Date.now() + 600_000, 'the new token is saved');
        const forged = readProfiles();
        forged.profiles.default.accessToken = 'not-a-token';
        writeFileSync(profiles, JSON.stringify(forged));
        await g.ok(['Get-MgUser']);
        assert.equal(tokenRequests(), 4, 'a refused token is replaced once');
        assert.equal(statSync(profiles).mode & 0o777, 0o600, 'rewriting keeps the file owner-only');
      });

      it('calls /beta for the Beta cmdlets, sends -Headers and ConsistencyLevel on every page of -All', async () => {
        await g.ok(['New-MgBetaInvitation', '-InvitedUserEmailAddress', 'b1@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com']);
        await g.ok(['New-MgInvitation', '-InvitedUserEmailAddress', 'b2@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com']);
        await g.ok(['New-MgInvitation', '-InvitedUserEmailAddress', 'b3@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com']);
        const posts = proxy.requests.filter((r) => r.method === 'POST' && r.url.includes('invitations')).map((r) => r.url);
        assert.deepEqual(posts.slice(-3), ['/beta/invitations', '/v1.0/invitations', '/v1.0/invitations']);

        const mark = proxy.requests.length;
        const r = await g.cli(['Get-MgBetaUser', '-All', '-PageSize', '1', '-ConsistencyLevel', 'eventual', '-CountVariable', 'n', '-Filter', "startsWith(mail,'b')",
          '-Headers', '@{"client-request-id"="5e1d0c3a-0000-4000-8000-000000000001"}', '--format', 'json']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal((JSON.parse(r.stdout) as unknown[]).length, 3);
        assert.match(r.stderr, /^\$n = 3$/m);
        const pages = since(mark).filter((x) => x.url.startsWith('/beta/users'));
        assert.equal(pages.length, 3, pages.map((p) => p.url).join('\n'));
        // WHATWG URL serialization (fetch) percent-encodes the quotes of special-scheme queries.
        assert.match(pages[0].url, /^\/beta\/users\?\$filter=startsWith\(mail%2C%27b%27\)&\$top=1&\$count=true$/);
        for (const p of pages) {
          assert.equal(p.headers.consistencylevel, 'eventual');
          assert.equal(p.headers['client-request-id'], '5e1d0c3a-0000-4000-8000-000000000001');
        }
        const select = await g.cli(['Get-MgUser', '-UserId', 'b1@fabrikam.com', '-Property', 'id,mail']);
        assert.equal(select.code, 1, 'a guest is found by UPN, not by mail');
        const last = proxy.requests.at(-1);
        assert.equal(last?.url, '/v1.0/users/b1%40fabrikam.com?$select=id%2Cmail');
      });

      it('waits out 429 Retry-After and succeeds; gives up with Graph\'s error after its retries', async () => {
        proxy.throttle(2, '1.5', (m, u) => m === 'POST' && u === '/v1.0/invitations');
        const started = Date.now();
        const r = await g.cli(['New-MgInvitation', '-InvitedUserEmailAddress', 't1@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com', '--format', 'json']);
        const elapsed = Date.now() - started;
        assert.equal(r.code, 0, r.stderr);
        assert.ok(elapsed >= 3000, `retried after ${elapsed} ms, before the two Retry-After waits of 1.5 s`);
        const tries = proxy.requests.filter((x) => x.url === '/v1.0/invitations').slice(-3).map((x) => x.status);
        assert.deepEqual(tries, [429, 429, 201]);

        proxy.throttle(10, '0', (m, u) => m === 'POST' && u === '/v1.0/invitations');
        const refused = await g.cli(['New-MgInvitation', '-InvitedUserEmailAddress', 't2@fabrikam.com', '-InviteRedirectUrl', 'https://myapps.microsoft.com']);
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^error: TooManyRequests: Please retry again later\.$/m);
        proxy.throttle(0, '0', () => false);
      });

      it('a bulk run is throttled with 429 and still invites every row once', async () => {
        const file = join(g.dir, 'throttled.csv');
        writeFileSync(file, `inviteeEmail,inviteRedirectURL\n${Array.from({ length: 40 }, (_, i) => `th${i}@fabrikam.com,https://myapps.microsoft.com`).join('\n')}\n`);
        proxy.throttle(12, '1', (m, u) => m === 'POST' && u === '/v1.0/invitations');
        const r = await g.cli(['invite', '--csv', file, '--concurrency', '4']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^40 rows: 40 invited, 0 skipped \(invited by an earlier run\), 0 failed, 0 invalid; /m);
        assert.match(r.stderr, /failed 0 retries 12$/m);
        const rows = await db.query<{ n: number | string }>("SELECT count(*) AS n FROM invitations WHERE email LIKE 'th%'");
        assert.equal(Number(rows[0].n), 40);
      });

      it('profiles: a second one by --profile, cmdlets pick it with -Profile, logout forgets it', async () => {
        await g.ok(['login', '--profile', 'other', '--base-url', g.origin, '--tenant', g.tenantId, '--client-id', g.clientId, '--client-secret', g.clientSecret]);
        assert.equal(readProfiles().current, 'other');
        await g.ok(['Get-MgUser', '-Profile', 'default', '-Top', '1']);
        assert.match(await g.ok(['logout', '--profile', 'other']), /^Signed out: profile 'other' removed\.$/m);
        assert.deepEqual(Object.keys(readProfiles().profiles), ['default']);
        assert.match(await g.ok(['logout']), /profile 'default' removed/);
        const r = await g.cli(['Get-MgUser']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: not signed in: run portico login first$/m);
        assert.ok(!readFileSync(profiles, 'utf8').includes(g.clientSecret), 'the secret is gone from the file');
      });
    });
  }
});
