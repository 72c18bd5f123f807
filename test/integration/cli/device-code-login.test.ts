import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listenOnLoopback } from '../../helpers/loopback-server.js';
import { runCli } from '../../helpers/portico-process.js';

/**
 * The client side of the device code sign-in against a stand-in for the Microsoft identity
 * platform, written from its documented protocol (RFC 8628 as Entra runs it): Portico's own
 * devicecode endpoint is another issue's. The stand-in answers `authorization_pending`, then
 * `slow_down`, then the tokens, and serves one Graph route that checks the bearer token.
 */
describe('portico login --device-code', { concurrency: false }, () => {
  let server: Server;
  let origin: string;
  let dir: string;
  const seen: { path: string; form: URLSearchParams; auth?: string }[] = [];
  let polls = 0;
  let deny = false;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portico-devicecode-'));
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => { body += d; });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        seen.push({ path: req.url ?? '', form, auth: req.headers.authorization });
        const send = (status: number, json: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(json)); };
        if (req.url === '/contoso.com/oauth2/v2.0/devicecode') {
          return send(200, {
            device_code: 'DC-1', user_code: 'ABCD-EFGH', verification_uri: `${origin}/devicelogin`, expires_in: 60, interval: 1,
            message: `To sign in, use a web browser to open the page ${origin}/devicelogin and enter the code ABCD-EFGH to authenticate.`,
          });
        }
        if (req.url === '/contoso.com/oauth2/v2.0/token') {
          const grant = form.get('grant_type');
          if (grant === 'urn:ietf:params:oauth:grant-type:device_code' && form.get('device_code') === 'DC-1') {
            polls++;
            if (deny) return send(400, { error: 'access_denied', error_description: 'AADSTS70000: The user denied the sign-in.\r\nTrace ID: x' });
            if (polls === 1) return send(400, { error: 'authorization_pending', error_description: 'AADSTS70016: pending' });
            if (polls === 2) return send(400, { error: 'slow_down', error_description: 'slow down' });
            return send(200, { token_type: 'Bearer', access_token: 'AT-1', refresh_token: 'RT-1', expires_in: 3600 });
          }
          if (grant === 'refresh_token' && form.get('refresh_token') === 'RT-1') {
            return send(200, { token_type: 'Bearer', access_token: 'AT-2', refresh_token: 'RT-2', expires_in: 3600 });
          }
          return send(400, { error: 'invalid_grant', error_description: 'unexpected request' });
        }
        if (req.url?.startsWith('/v1.0/users')) {
          if (!/^Bearer AT-[12]$/.test(req.headers.authorization ?? '')) return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
          return send(200, { value: [{ id: '1', displayName: 'Me', mail: 'me@contoso.com', userPrincipalName: 'me@contoso.com' }] });
        }
        send(404, { error: { code: 'NotFound', message: 'no route' } });
      });
    });
    origin = await listenOnLoopback(server);
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ PORTICO_CONFIG_DIR: dir });
  const login = () => runCli(['login', '--device-code', '--base-url', origin, '--tenant', 'contoso.com', '--client-id', 'public-client'], env());

  it('shows the message, polls through authorization_pending and slow_down, and saves the tokens', async () => {
    const started = Date.now();
    const r = await login();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^To sign in, use a web browser to open the page http:\/\/127\.0\.0\.1:\d+\/devicelogin and enter the code ABCD-EFGH to authenticate\.$/m);
    assert.match(r.stdout, /^Signed in to tenant contoso\.com at http:\/\/127\.0\.0\.1:\d+ as a person; profile 'default' saved/m);
    assert.equal(polls, 3);
    // 1 s, then 1 s, then 1 + 5 s after slow_down (RFC 8628 §3.5).
    assert.ok(Date.now() - started >= 8000, `polled too fast: ${Date.now() - started} ms`);
    const request = seen.find((s) => s.path.endsWith('/devicecode'));
    assert.equal(request?.form.get('client_id'), 'public-client');
    assert.equal(request?.form.get('scope'), 'https://graph.microsoft.com/User.Invite.All https://graph.microsoft.com/User.ReadWrite.All offline_access');
    const profile = (JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as { profiles: Record<string, Record<string, unknown>> }).profiles.default;
    assert.equal(profile.flow, 'device_code');
    assert.equal(profile.accessToken, 'AT-1');
    assert.equal(profile.refreshToken, 'RT-1');
    assert.equal(profile.clientSecret, undefined);
  });

  it('cmdlets use the token, and the refresh token once it expires', async () => {
    const first = await runCli(['Get-MgUser', '--format', 'json'], env());
    assert.equal(first.code, 0, first.stderr);
    assert.equal(seen.at(-1)?.auth, 'Bearer AT-1');
    const path = join(dir, 'profiles.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { profiles: Record<string, { expiresAt: number }> };
    file.profiles.default.expiresAt = Date.now() - 1;
    writeFileSync(path, JSON.stringify(file));
    const second = await runCli(['Get-MgUser'], env());
    assert.equal(second.code, 0, second.stderr);
    assert.equal(seen.at(-1)?.auth, 'Bearer AT-2');
    const refresh = seen.find((s) => s.form.get('grant_type') === 'refresh_token');
    assert.equal(refresh?.form.get('client_id'), 'public-client');
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { profiles: Record<string, { refreshToken: string }> }).profiles.default.refreshToken, 'RT-2');
  });

  it('stops at any other error, with its code and first line', async () => {
    polls = 0;
    deny = true;
    const r = await login();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: access_denied: AADSTS70000: The user denied the sign-in\.$/m);
  });
});
