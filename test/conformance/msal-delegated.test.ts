/**
 * Delegated sign-in and certificate credentials with the real `@azure/msal-node` against Portico's
 * authority over HTTPS, on every dialect: a ConfidentialClientApplication with a certificate (by
 * SHA-256 and SHA-1 thumbprint), a PublicClientApplication with the device code flow (this test
 * completes the device login page over HTTP) and with acquireTokenByCode after the sign-in and
 * consent pages are driven in Debian's Chromium; then acquireTokenSilent from the cache and from
 * the refresh token, and the delegated token calling GET /me and POST /invitations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppRegistration, Tenant, User } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import type { FastifyInstance } from 'fastify';
import { launchChromium } from '../helpers/chromium.js';
import { describeRun, startConformanceTarget, startInteractiveClient } from '../helpers/conformance.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { member, PASSWORD, signInApp } from '../helpers/identity-fixture.js';
import { SignInClient } from '../helpers/signin-client.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import type { DelegatedParams, DelegatedResult } from './clients/msal-delegated-client.js';

const REDIRECT = 'http://localhost:53117/auth/callback';
const SCOPES = ['User.Read', 'User.Invite.All'];

let tls: TestCertificate;
let credential: TestCertificate;
before(async () => { [tls, credential] = await Promise.all([makeTestCertificate(), makeTestCertificate({ dns: ['portico-client'], ips: [] })]); });
after(() => { tls?.remove(); credential?.remove(); });

function succeeded(run: { code: number | null; result?: DelegatedResult; stderr: string; stdout: string; signal: NodeJS.Signals | null }): DelegatedResult {
  assert.equal(run.code, 0, describeRun(run));
  assert.ok(run.result && !run.result.error, describeRun(run));
  return run.result;
}

for (const dialect of dialects()) {
  describe(`real MSAL delegated flows and certificates over HTTPS on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let origin: string;
    let tenant: Tenant;
    let ada: User;
    let grace: User;
    let publicApp: AppRegistration;

    before(async () => {
      ({ db, store, server, origin, tenant } = await startConformanceTarget(dialect, tls, 'Delegated', 'unused', []));
      ada = await member(store, tenant, 'Ada Conformance');
      grace = await member(store, tenant, 'Grace Browser');
      publicApp = (await signInApp(store, tenant, { publicClient: true, delegated: SCOPES, adminConsent: ['User.Invite.All'], redirectUris: [REDIRECT] })).app;
    });
    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    const base = (): Omit<DelegatedParams, 'mode' | 'clientId'> => ({ origin, tenantId: tenant.id, scopes: SCOPES, redirectUri: REDIRECT });

    function assertSignedIn(r: DelegatedResult, invitee: string, user: User): void {
      assert.ok(r.first && r.silent && r.refreshed);
      assert.equal(r.first.claims.idtyp, 'user');
      assert.equal(r.first.claims.oid, user.id);
      assert.equal(r.first.claims.tid, tenant.id);
      assert.equal(r.first.claims.azp, publicApp.appId);
      assert.deepEqual(String(r.first.claims.scp).split(' ').filter((s) => SCOPES.includes(s)).sort(), [...SCOPES].sort());
      assert.equal(r.first.idClaims?.aud, publicApp.appId);
      assert.equal(r.first.accountId, `${user.id}.${tenant.id}`, 'MSAL built its account from client_info');
      assert.equal(r.silent.fromCache, true);
      assert.equal(r.refreshed.fromCache, false, 'forceRefresh went through the refresh token');
      assert.equal(r.refreshed.claims.oid, user.id);
      assert.equal(r.me?.status, 200);
      assert.equal(r.me?.body.id, user.id);
      assert.equal(r.me?.body.userPrincipalName, user.userPrincipalName);
      assert.equal(r.invite?.status, 201, JSON.stringify(r.invite));
      assert.equal(r.invite?.body.invitedUserEmailAddress, invitee);
    }

    it('ConfidentialClientApplication with a certificate (x5t#S256 and x5t) and @azure/identity ClientCertificateCredential get app tokens', async () => {
      const app = (await signInApp(store, tenant, { publicClient: false, delegated: [], certificatePem: credential.cert })).app;
      const client = startInteractiveClient<DelegatedResult>('msal-delegated-client.ts',
        { ...base(), mode: 'certificate', clientId: app.appId, certPem: credential.cert, keyPem: credential.key } satisfies DelegatedParams, tls.certPath);
      const r = succeeded(await client.finished);
      for (const claims of [r.sha256?.claims, r.sha1?.claims, r.identity]) {
        assert.ok(claims);
        assert.equal(claims.idtyp, 'app');
        assert.equal(claims.appid, app.appId);
        assert.equal(claims.appidacr, '2');
        assert.equal(claims.aud, 'https://graph.microsoft.com');
      }
    });

    it('PublicClientApplication device code: the test completes /devicelogin over HTTP; silent and refresh follow', async () => {
      const invitee = `device.${dialect}@fabrikam.example`;
      const client = startInteractiveClient<DelegatedResult>('msal-delegated-client.ts',
        { ...base(), mode: 'device', clientId: publicApp.appId, inviteEmail: invitee } satisfies DelegatedParams, tls.certPath);
      const d = await client.waitFor<{ userCode: string; verificationUri: string; message: string }>('deviceCode');
      assert.equal(d.verificationUri, `${origin}/devicelogin`);
      const browser = new SignInClient(server);
      let page = await browser.submit(await browser.get('/devicelogin'), { otc: d.userCode });
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      if (/id="accept"/.test(page.body)) page = await browser.submit(page, { decision: 'accept' });
      assert.match(page.body, /You have signed in/);
      assertSignedIn(succeeded(await client.finished), invitee, ada);
    });

    it('PublicClientApplication acquireTokenByCode after signing in and consenting in Chromium', async () => {
      const invitee = `browser.${dialect}@fabrikam.example`;
      const client = startInteractiveClient<DelegatedResult>('msal-delegated-client.ts',
        { ...base(), mode: 'auth-code', clientId: publicApp.appId, inviteEmail: invitee } satisfies DelegatedParams, tls.certPath);
      const url = await client.waitFor<string>('signInUrl');
      assert.ok(url.startsWith(`${origin}/${tenant.id}/oauth2/v2.0/authorize?`));
      const chromium = await launchChromium(tls.spkiSha256);
      try {
        const page = await chromium.context.newPage();
        let landed: URL | undefined;
        await page.route(`${REDIRECT}**`, async (route) => {
          landed = new URL(route.request().url());
          await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>signed in</p>' });
        });
        await page.goto(url);
        await page.fill('#login', grace.userPrincipalName);
        await page.fill('#passwd', PASSWORD);
        await page.click('#submit');
        // Grace has not consented to User.Read yet (User.Invite.All is granted tenant-wide).
        await page.waitForSelector('#accept');
        assert.deepEqual(await page.$$eval('#scopes li', (els) => els.map((e) => e.getAttribute('data-scope'))), ['User.Read']);
        await page.click('#accept');
        await page.waitForURL(`${REDIRECT}**`);
        assert.ok(landed, 'the browser came back to the redirect URI');
        assert.equal(landed.searchParams.get('state'), 'conformance-state');
        client.send(landed.searchParams.get('code') ?? '');
      } finally {
        await chromium.close();
      }
      assertSignedIn(succeeded(await client.finished), invitee, grace);
    });
  });
}
