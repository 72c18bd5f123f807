/**
 * Conformance of `$batch` with Microsoft's own client: the real `@microsoft/microsoft-graph-client`
 * builds batches with `BatchRequestContent` and reads them with `BatchResponseContent`, over real
 * HTTPS, on every storage dialect. The client runs in a child process (clients/batch-sdk-client.ts)
 * that trusts the test certificate only through NODE_EXTRA_CA_CERTS, as in msal-graph-client.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { GRAPH_JSON } from '../../src/http/graph/graph-headers.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { runClientProcess, startConformanceTarget, type ChildRun as ConformanceRun } from '../helpers/conformance.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import type { BatchClientParams, BatchClientResult, BatchRun } from './clients/batch-protocol.js';
import { EXIT } from './clients/protocol.js';


const runClient = (params: BatchClientParams, caPath: string) =>
  runClientProcess<BatchClientResult>('batch-sdk-client.ts', params, caPath);
type ChildRun = ConformanceRun<BatchClientResult>;

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`Graph SDK BatchRequestContent/BatchResponseContent over HTTPS on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let origin: string;
    let tenant: Tenant;
    let params: BatchClientParams;
    let run: ChildRun;

    before(async () => {
      const target = await startConformanceTarget(dialect, cert, 'Batch SDK', 'batch client', ['User.Invite.All', 'User.Read.All']);
      ({ db, store, server, origin, tenant } = target);
      const { created } = target;
      params = {
        origin, tenantId: tenant.id, tenantDomain: tenant.initialDomain, clientId: created.app.appId, clientSecret: created.secret.secretText,
        redirectUrl: 'https://apps.fabrikam.example/welcome',
        invitees: ['ada.lovelace@fabrikam.example', 'alan.turing@fabrikam.example'],
        blockedInvitee: 'never.invited@fabrikam.example',
        invalidEmail: 'not-an-email-address',
      };
      run = await runClient(params, cert.certPath);
    });

    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    const completed = (): BatchClientResult => {
      assert.equal(run.code, EXIT.ok, `client exited with ${run.code}\n${run.stderr}\n${run.stdout.slice(0, 4000)}`);
      assert.ok(run.result);
      return run.result;
    };
    const batchOf = (name: 'parallel' | 'serial' | 'beta'): BatchRun => {
      const b = completed()[name];
      assert.ok(b, `no ${name} batch`);
      return b;
    };

    it('the SDK posts its batches to /{version}/$batch with the token and gets 200', () => {
      const posts = completed().exchanges.filter((x) => new URL(x.url).pathname.endsWith('/$batch'));
      assert.deepEqual(posts.map((x) => [x.method, new URL(x.url).pathname, x.status]), [
        ['POST', '/v1.0/$batch', 200], ['POST', '/v1.0/$batch', 200], ['POST', '/beta/$batch', 200],
      ]);
      for (const x of posts) assert.equal(x.bearer, true);
    });

    it('sends what client-compat.md describes: versionless URLs, lower-case header names, no headers when none', () => {
      const sent = batchOf('parallel').sent.requests;
      const list = sent.find((r) => r.id === 'list');
      assert.equal(list?.url, '/users?$top=1&$select=id,userPrincipalName');
      assert.deepEqual(list?.headers, { consistencylevel: 'eventual' });
      assert.equal(sent.find((r) => r.id === 'org')?.headers, undefined);
      const invite = sent.find((r) => r.id === 'invite1');
      assert.equal(invite?.method, 'POST');
      assert.match(String((invite?.headers as Record<string, string>)['content-type']), /^application\/json/);
      assert.equal((invite?.body as { invitedUserEmailAddress: string }).invitedUserEmailAddress, params.invitees[0]);
    });

    it('BatchResponseContent reads each item as a Response with its own status and JSON body', async () => {
      const r = batchOf('parallel').responses;
      assert.deepEqual(Object.fromEntries(Object.entries(r).map(([id, s]) => [id, s.status])), {
        list: 200, invite1: 201, invite2: 201, invalid: 400, org: 200, missing: 404,
      });
      for (const item of Object.values(r)) assert.equal(item.contentType, GRAPH_JSON);
      const invitations = [r.invite1, r.invite2].map((s) => s.body as Record<string, unknown>);
      assert.deepEqual(invitations.map((i) => i.invitedUserEmailAddress), params.invitees);
      for (const i of invitations) {
        assert.equal(i['@odata.context'], `${origin}/v1.0/$metadata#invitations/$entity`);
        assert.equal(i.status, 'PendingAcceptance');
        assert.equal(new URL(String(i.inviteRedeemUrl)).origin, origin);
      }
      assert.equal((r.invalid.body as { error: { code: string } }).error.code, 'Request_BadRequest');
      assert.equal((r.missing.body as { error: { code: string } }).error.code, 'Request_ResourceNotFound');
      assert.deepEqual((r.org.body as { value: { id: string }[] }).value.map((o) => o.id), [tenant.id]);
      assert.equal((r.list.body as Record<string, unknown>)['@odata.context'], `${origin}/v1.0/$metadata#users(id,userPrincipalName)`);

      const guests = (await store.users.page(tenant.id, null, 999)).users;
      assert.deepEqual(guests.map((u) => u.mail).sort(), [...params.invitees].sort());
      assert.equal(await store.outbox.countFor(tenant.id), params.invitees.length);
    });

    it('a serial batch stops at the failing step: the steps after it answer 424 and never run', async () => {
      const r = batchOf('serial').responses;
      assert.deepEqual(Object.fromEntries(Object.entries(r).map(([id, s]) => [id, s.status])), { 1: 200, 2: 404, 3: 424, 4: 424 });
      assert.equal((r['3'].body as { error: { code: string } }).error.code, 'FailedDependency');
      assert.equal(batchOf('serial').sent.requests[1].dependsOn?.toString(), '1');
      const users = (await store.users.page(tenant.id, null, 999)).users;
      assert.ok(!users.some((u) => u.mail === params.blockedInvitee), 'the step after the failure was not run');
    });

    it('a beta batch runs its items under beta', () => {
      const guest = batchOf('beta').responses.guest;
      assert.equal(guest.status, 200);
      const body = guest.body as Record<string, unknown>;
      assert.equal(body['@odata.context'], `${origin}/beta/$metadata#users/$entity`);
      assert.equal(body.mail, params.invitees[0]);
      assert.equal(body.creationType, 'Invitation');
    });
  });
}
