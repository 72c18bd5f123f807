import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { redirect, seedAuditLog, type AuditLog } from '../../helpers/audit-records.js';

/**
 * The audit log resource through HTTP: Graph's directoryAudit shape for the records invitations
 * write and for the other kinds, a single record by id, who may read them (AuditLog.Read.All and
 * nothing else), and that a tenant sees only its own records.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const dialect of dialects()) {
  describe(`audit log resource (${dialect})`, () => {
    let h: GraphHarness;
    let log: AuditLog;
    let other: AuditLog;
    const get = (url: string, token = log.reader.token) => h.graph(token, 'GET', url);

    before(async () => {
      h = await GraphHarness.start(dialect);
      log = await seedAuditLog(h, 'Audit Shapes');
      other = await seedAuditLog(h, 'Audit Neighbour');
    });
    after(async () => h.stop());

    it('an invitation\'s record has Graph\'s directoryAudit shape', async () => {
      const res = await get('/v1.0/auditLogs/directoryAudits?$top=1');
      assert.equal(res.statusCode, 200, res.body);
      assert.match(res.headers['content-type'] as string, /^application\/json;odata.metadata=minimal/);
      const body = res.json();
      assert.equal(body['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#auditLogs/directoryAudits`);
      assert.match(body['@odata.nextLink'], /\$top=1&\$skiptoken=/);
      const [record] = body.value;
      const app = (await h.store.apps.findByAppId(log.tenant.id, log.inviter.appId))!;
      const guest = log.guests[2];
      assert.match(record.activityDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(record, {
        id: log.ids.inv3, category: 'UserManagement', correlationId: log.ids.inv3, result: 'success', resultReason: '',
        activityDisplayName: 'Invite external user', activityDateTime: record.activityDateTime, loggedByService: 'Invited Users',
        operationType: null,
        initiatedBy: { user: null, app: { appId: app.appId, displayName: app.displayName, servicePrincipalId: app.servicePrincipalId, servicePrincipalName: app.displayName } },
        targetResources: [{ id: guest.id, displayName: null, type: 'User', userPrincipalName: guest.userPrincipalName, groupType: null, modifiedProperties: [] }],
        additionalDetails: [],
      });
    });

    it('a user-initiated record with several targets, changes and details', async () => {
      const res = await get(`/beta/auditLogs/directoryAudits/${log.ids.update}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body['@odata.context'], `${PUBLIC_URL}/beta/$metadata#auditLogs/directoryAudits/$entity`);
      assert.equal(body.activityDateTime, '2026-01-03T08:00:00.000Z');
      assert.equal(body.loggedByService, 'Core Directory');
      assert.equal(body.operationType, 'Update');
      assert.match(body.correlationId, GUID);
      assert.deepEqual(body.initiatedBy, {
        user: { id: log.refs.alice, displayName: 'Admin Alice', userPrincipalName: 'alice@admins.example', ipAddress: null }, app: null,
      });
      assert.deepEqual(body.targetResources.map((t: { type: string; displayName: string }) => [t.type, t.displayName]), [['User', 'Grace Guest'], ['Group', 'Partners']]);
      assert.equal(body.targetResources[1].id, log.refs.group);
      assert.deepEqual(body.targetResources[0].modifiedProperties, [{ displayName: 'UserState', oldValue: '"PendingAcceptance"', newValue: '"Accepted"' }]);
      assert.deepEqual(body.additionalDetails, [{ key: 'UserType', value: 'Guest' }]);
    });

    it('a failed record keeps its result and reason; $select picks properties', async () => {
      const res = await get(`/v1.0/auditLogs/directoryAudits/${log.ids.mailFail.toUpperCase()}?$select=result,resultReason`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), {
        '@odata.context': `${PUBLIC_URL}/v1.0/$metadata#auditLogs/directoryAudits(result,resultReason)/$entity`,
        id: log.ids.mailFail, result: 'failure', resultReason: '550 5.1.1 mailbox unavailable',
      });
      const list = await get('/v1.0/auditLogs/directoryAudits?$select=activityDisplayName&$top=2');
      assert.equal(list.json()['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#auditLogs/directoryAudits(activityDisplayName)`);
      assert.deepEqual(Object.keys(list.json().value[0]), ['id', 'activityDisplayName']);
    });

    it('the record of a new invitation appears at once, first, and is found by its target', async () => {
      const res = await h.invite(log.inviter.token, { invitedUserEmailAddress: 'fresh@partner.example', inviteRedirectUrl: redirect });
      const guestId: string = res.json().invitedUser.id;
      const found = (await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(`targetResources/any(t:t/id eq '${guestId}')`)}`)).json();
      assert.equal(found.value.length, 1);
      assert.equal(found.value[0].targetResources[0].id, guestId);
      const first = (await get('/v1.0/auditLogs/directoryAudits?$top=1')).json().value[0];
      assert.equal(first.id, found.value[0].id);
    });

    it('the collection answers under Graph\'s other spellings of the path', async () => {
      for (const path of ['/v1.0/auditLogs/directoryaudits', '/beta/auditlogs/directoryaudits', '/v1.0/auditLogs/directoryAudits/']) {
        const res = await get(`${path}?$top=2`);
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
        assert.equal(res.json().value.length, 2);
      }
    });

    it('an unknown id, another tenant\'s id, and collection options on one record are refused', async () => {
      for (const id of ['00000000-0000-0000-0000-000000000000', 'not-an-id', other.ids.update, other.ids.inv1]) {
        const res = await get(`/v1.0/auditLogs/directoryAudits/${id}`);
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json().error.code, 'Request_ResourceNotFound');
      }
      const filtered = await get(`/v1.0/auditLogs/directoryAudits/${log.ids.update}?$filter=${encodeURIComponent("result eq 'success'")}`);
      assert.equal(filtered.statusCode, 400);
      assert.match(filtered.json().error.message, /not allowed on a single audit record/);
      assert.equal((await get(`/v1.0/auditLogs/directoryAudits/${log.ids.update}?$select=bogus`)).statusCode, 400);
    });

    it('writing to the audit log is not a method it has', async () => {
      for (const [method, url] of [['POST', '/v1.0/auditLogs/directoryAudits'], ['DELETE', `/v1.0/auditLogs/directoryAudits/${log.ids.update}`], ['PATCH', `/v1.0/auditLogs/directoryAudits/${log.ids.update}`]] as const) {
        const res = await h.graph(log.reader.token, method, url, {});
        assert.equal(res.statusCode, 405, `${method} ${url}`);
      }
      assert.ok(await h.store.audit.findById(log.tenant.id, log.ids.update));
    });

    it('only AuditLog.Read.All reads audit logs; Directory.Read.All and the user permissions do not', async () => {
      for (const permissions of [[], ['Directory.Read.All'], ['Directory.ReadWrite.All'], ['User.Read.All'], ['User.ReadWrite.All', 'User.Invite.All']]) {
        const app = await h.appWith(log.tenant, permissions);
        for (const url of ['/v1.0/auditLogs/directoryAudits', `/beta/auditLogs/directoryAudits/${log.ids.update}`, '/v1.0/auditLogs/directoryAudits?$filter=bad']) {
          const res = await get(url, app.token);
          assert.equal(res.statusCode, 403, `${permissions.join('+') || '(none)'} ${url}: ${res.body}`);
          assert.equal(res.json().error.code, 'Authentication_MSGraphPermissionMissing');
          assert.equal(res.json().error.message, 'Calling principal does not have required MSGraph permissions AuditLog.Read.All');
        }
      }
      const both = await h.appWith(log.tenant, ['AuditLog.Read.All', 'Directory.Read.All']);
      assert.equal((await get('/v1.0/auditLogs/directoryAudits', both.token)).statusCode, 200);
      const anonymous = await h.graph(null, 'GET', '/v1.0/auditLogs/directoryAudits');
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.json().error.code, 'InvalidAuthenticationToken');
    });

    it('AuditLog.Read.All alone cannot read users or invite', async () => {
      assert.equal((await get('/v1.0/users')).statusCode, 403);
      assert.equal((await h.invite(log.reader.token, { invitedUserEmailAddress: 'no@partner.example', inviteRedirectUrl: redirect })).statusCode, 403);
    });

    it('works inside $batch like a direct call, permission checks included', async () => {
      const requests = [
        { id: '1', method: 'GET', url: `/auditLogs/directoryAudits?$top=2&$filter=${encodeURIComponent("loggedByService eq 'Core Directory'")}` },
        { id: '2', method: 'GET', url: `auditLogs/directoryAudits/${log.ids.redeem}?$select=activityDisplayName` },
        { id: '3', method: 'GET', url: "/auditLogs/directoryAudits?$filter=resultReason eq 'x'" },
      ];
      const res = await h.graph(log.reader.token, 'POST', '/v1.0/$batch', { requests });
      assert.equal(res.statusCode, 200, res.body);
      const byId = new Map(res.json().responses.map((r: { id: string }) => [r.id, r]));
      const [one, two, three] = ['1', '2', '3'].map((id) => byId.get(id) as { status: number; body: Record<string, unknown> & { value: { id: string }[]; error: { code: string } } });
      assert.equal(one.status, 200);
      assert.deepEqual(one.body.value.map((r) => log.keys.get(r.id)), ['app', 'update']);
      assert.equal(two.status, 200);
      assert.equal(two.body.activityDisplayName, 'Redeem external user invite');
      assert.equal(three.status, 400);
      assert.equal(three.body.error.code, 'Request_UnsupportedQuery');
      const denied = await h.graph(log.inviter.token, 'POST', '/v1.0/$batch', { requests: requests.slice(0, 1) });
      assert.equal(denied.json().responses[0].status, 403);
    });

    it('each tenant sees its own records only, whatever it filters on', async () => {
      const mine = (await get('/v1.0/auditLogs/directoryAudits')).json().value.map((r: { id: string }) => r.id);
      const theirs = (await get('/v1.0/auditLogs/directoryAudits', other.reader.token)).json().value.map((r: { id: string }) => r.id);
      assert.ok(mine.length >= 8 && theirs.length === 8);
      assert.ok(!mine.some((id: string) => theirs.includes(id)));
      assert.deepEqual(new Set(theirs), new Set(other.keys.keys()));
      for (const filter of [
        `targetResources/any(t:t/id eq '${other.guests[0].id}')`, `id eq '${other.ids.update}'`, `initiatedBy/user/id eq '${other.refs.alice}'`,
        `initiatedBy/app/appId eq '${other.inviter.appId}'`, `correlationId eq '${other.refs.correlation}'`, "activityDisplayName eq 'Update user' or result eq 'failure'",
      ]) {
        const res = await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`);
        assert.equal(res.statusCode, 200, res.body);
        assert.ok(res.json().value.every((r: { id: string }) => log.keys.has(r.id) || !theirs.includes(r.id)), filter);
        assert.ok(!res.json().value.some((r: { id: string }) => theirs.includes(r.id)), filter);
      }
    });
  });
}
