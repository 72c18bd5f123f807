/**
 * Roles and the invitation policy through Microsoft's own clients: the real `@azure/msal-node` gets
 * a token and the real `@microsoft/microsoft-graph-client` adds a role member by `$ref`, assigns and
 * removes a role with roleManagement, filters assignments and switches invitations off and on,
 * over HTTPS, on every dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/domain/ports.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { describeRun, runClientProcess, startConformanceTarget, type ChildRun } from '../helpers/conformance.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import { EXIT } from './clients/protocol.js';
import type { RolesParams, RolesResult } from './clients/roles-protocol.js';

const GI = '95e79109-95c0-4d8e-aee3-d01accf2d47b';
const UA = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const PERMISSIONS = ['User.Invite.All', 'RoleManagement.ReadWrite.Directory', 'Policy.ReadWrite.Authorization'];

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`roles and policy with the real MSAL and Graph SDK on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let run: ChildRun<RolesResult>;
    let r: RolesResult;

    before(async () => {
      const target = await startConformanceTarget(dialect, cert, 'Roles SDK', 'roles client', PERMISSIONS);
      ({ db, store, server } = target);
      const params: RolesParams = {
        origin: target.origin, tenantId: target.tenant.id, clientId: target.created.app.appId, clientSecret: target.created.secret.secretText,
        invitee: 'rita@partner.example', refusedInvitee: 'sam@partner.example',
      };
      run = await runClientProcess<RolesResult>('roles-sdk-client.ts', params, cert.certPath);
      assert.equal(run.code, EXIT.ok, describeRun(run));
      assert.ok(run.result, describeRun(run));
      r = run.result;
    });
    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    it('lists the activated roles, then adds a member by $ref with the roleTemplateId key', () => {
      assert.deepEqual(r.roleTemplateIdsBefore, ['62e90394-69f5-4237-9190-012177145e10']);
      assert.deepEqual(r.memberIds, [r.userId]);
      assert.deepEqual(r.filteredAssignments, [{ principalId: r.userId, roleDefinitionId: GI }]);
    });

    it('assigns with roleManagement, refuses the duplicate as Graph does, and deletes', () => {
      assert.equal(r.created.roleDefinitionId, UA);
      assert.equal(r.created.directoryScopeId, '/');
      assert.match(r.created.id, /-1$/);
      assert.equal(r.duplicate?.statusCode, 400);
      assert.equal(r.duplicate?.code, 'Request_BadRequest');
      assert.deepEqual(r.afterDelete, [GI]);
    });

    it('switching invitations off makes the SDK see Graph\'s 403, and the policy reads back', async () => {
      assert.deepEqual(r.policy, { id: 'authorizationPolicy', allowInvitesFrom: 'none' });
      assert.equal(r.refused?.statusCode, 403);
      assert.equal(r.refused?.code, 'Authorization_RequestDenied');
      assert.equal(r.refused?.message, 'Insufficient privileges to complete the operation.');
      assert.equal((await store.policies.get((await store.tenants.list())[0].id)).allowInvitesFrom, 'everyone');
    });
  });
}
