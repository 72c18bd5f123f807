import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Tenant, User } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { member, PASSWORD, signInApp, type SignInApp } from '../../helpers/identity-fixture.js';
import { childEnv, freePort, portico, runCli } from '../../helpers/portico-process.js';
import { SignInClient } from '../../helpers/signin-client.js';

/**
 * `portico login --device-code` against Portico's own authority: the CLI asks for a device code,
 * prints Entra's message, and polls; a person completes /devicelogin (sign-in with a password);
 * the CLI stores the tokens and its next cmdlet invites on that person's behalf, so the guest's
 * sponsor is the person who signed in.
 */
for (const dialect of dialects()) {
  describe(`portico login --device-code against Portico (${dialect})`, () => {
    let h: GraphHarness;
    let origin: string;
    let tenant: Tenant;
    let ada: User;
    let pub: SignInApp;
    let dir: string;

    before(async () => {
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      h = await GraphHarness.start(dialect, { config: { publicUrl: origin } });
      await h.app.listen({ port, host: '127.0.0.1' });
      tenant = await h.tenant('Device Login Corp');
      ada = await member(h.store, tenant, 'Ada Device');
      pub = await signInApp(h.store, tenant, { publicClient: true, delegated: ['User.Invite.All', 'User.Read'], adminConsent: ['User.Invite.All', 'User.Read'] });
      dir = mkdtempSync(join(tmpdir(), 'portico-device-'));
    });
    after(async () => {
      await h?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('signs a person in through /devicelogin, then New-MgInvitation invites as that person', async () => {
      const env = { PORTICO_CONFIG_DIR: dir };
      const child = spawn(process.execPath, [portico, 'login', '--device-code', '--tenant', tenant.id, '--client-id', pub.app.appId,
        '--base-url', origin, '--scope', 'https://graph.microsoft.com/User.Invite.All offline_access'], { env: childEnv(env) });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { out += d; });
      const exited = once(child, 'close');
      const deadline = Date.now() + 20_000;
      let code: string | undefined;
      while (!code && Date.now() < deadline) {
        code = /enter the code ([A-Z0-9]+)/.exec(out)?.[1];
        if (!code) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(code, `the CLI printed the device code message: ${out}`);
      assert.ok(out.includes(`${origin}/devicelogin`), out);

      const browser = new SignInClient(h.app);
      let page = await browser.submit(await browser.get('/devicelogin'), { otc: code });
      page = await browser.submit(page, { login: ada.userPrincipalName, passwd: PASSWORD });
      assert.match(page.body, /You have signed in to the/);
      const [exitCode] = (await exited) as [number | null];
      assert.equal(exitCode, 0, out);

      const invited = await runCli(['New-MgInvitation', '-InvitedUserEmailAddress', 'device.guest@partner.example',
        '-InviteRedirectUrl', 'https://example.com', '--format', 'json'], env);
      assert.equal(invited.code, 0, invited.stderr);
      const invitation = JSON.parse(invited.stdout) as { invitedUser: { id: string } };
      assert.deepEqual(await h.store.users.sponsors(tenant.id, invitation.invitedUser.id), [ada.id], 'invited on Ada\'s behalf');
    });
  });
}
