/**
 * Conformance of the audit log API with Microsoft's own client: the real
 * `@microsoft/microsoft-graph-client` filters, orders and pages `/auditLogs/directoryAudits` with
 * its fluent API and PageIterator, reads one record and gets Graph's error for a refused filter,
 * over real HTTPS with a token from the real `@azure/msal-node`, on every storage dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/domain/ports.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { describeRun, runClientProcess, startConformanceTarget, type ChildRun } from '../helpers/conformance.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import type { AuditClientParams, AuditClientResult } from './clients/audit-sdk-client.js';
import { EXIT } from './clients/protocol.js';

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`Graph SDK reading audit logs over HTTPS on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let appId: string;
    let run: ChildRun<AuditClientResult>;

    before(async () => {
      const target = await startConformanceTarget(dialect, cert, 'Audit SDK', 'audit client', ['User.Invite.All', 'AuditLog.Read.All']);
      ({ db, store, server } = target);
      appId = target.created.app.appId;
      const params: AuditClientParams = {
        origin: target.origin, tenantId: target.tenant.id, clientId: appId, clientSecret: target.created.secret.secretText,
        redirectUrl: 'https://apps.fabrikam.example/welcome',
        invitees: ['ada@fabrikam.example', 'alan@fabrikam.example', 'grace@fabrikam.example', 'edsger@fabrikam.example', 'barbara@fabrikam.example'],
      };
      run = await runClientProcess<AuditClientResult>('audit-sdk-client.ts', params, cert.certPath);
    });

    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    const completed = (): AuditClientResult => {
      assert.equal(run.code, EXIT.ok, describeRun(run));
      assert.ok(run.result, describeRun(run));
      return run.result;
    };

    it('PageIterator walks every invitation record, newest first, two a page', () => {
      const r = completed();
      assert.equal(r.pages, 3);
      assert.deepEqual(r.walked.map((a) => a.targetResources[0].id), [...r.invitedIds].reverse());
      assert.ok(r.walked.every((a) => a.activityDisplayName === 'Invite external user' && a.initiatedBy.app?.appId === appId));
    });

    it('orderby, a targetResources filter and a single record read as the SDK expects', () => {
      const r = completed();
      assert.deepEqual(r.oldestFirst, r.walked.map((a) => a.id).reverse());
      assert.deepEqual(r.byTarget, [r.invitedIds[1]]);
      assert.equal(r.single?.id, r.walked[0].id);
      assert.equal(r.single?.activityDateTime, r.walked[0].activityDateTime);
    });

    it('a refused filter reaches the SDK as a GraphError with Graph\'s code', () => {
      assert.deepEqual(completed().refused, { statusCode: 400, code: 'Request_UnsupportedQuery' });
    });
  });
}
