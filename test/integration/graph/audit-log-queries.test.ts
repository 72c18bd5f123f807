import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness, PUBLIC_URL } from '../../helpers/graph-harness.js';
import { seedAuditLog, type AuditLog } from '../../helpers/audit-records.js';

/**
 * `GET /auditLogs/directoryAudits` queries through HTTP: each supported `$filter` (alone and
 * combined with and/or), `$orderby`, keyset paging with signed skiptokens, and Graph's 400s for
 * what audit logs do not support. Every case names the records it must return, in order.
 */

type Case = [filter: string | ((log: AuditLog) => string), expected: string[]];

const cases: Case[] = [
  ["activityDisplayName eq 'Invitation Email'", ['mailOk', 'mailFail']],
  ["activityDisplayName eq 'invitation EMAIL'", ['mailOk', 'mailFail']],
  ["startswith(activityDisplayName,'Invit')", ['inv3', 'inv2', 'inv1', 'mailOk', 'mailFail']],
  ["startsWith(activityDisplayName,'redeem ')", ['redeem']],
  ["activityDisplayName in ('Update user','Add service principal')", ['app', 'update']],
  ['activityDateTime ge 2026-01-02T00:00:00Z and activityDateTime le 2026-01-03T23:59:59Z', ['update', 'mailOk', 'mailFail']],
  ['activityDateTime gt 2026-01-02T10:00:00.500Z and activityDateTime lt 2026-01-03T00:00:00Z', ['mailOk']],
  ['activityDateTime lt 2026-01-02T10:00:00.900Z', ['mailFail', 'redeem']],
  ['activityDateTime eq 2026-01-01T10:00:00Z', ['redeem']],
  ['activityDateTime eq 2026-01-01T11:00:00+01:00', ['redeem']],
  ['activityDateTime le 2025-12-31', []],
  ["category eq 'ApplicationManagement'", ['app']],
  ["category eq 'usermanagement' and loggedByService eq 'Core Directory'", ['update']],
  ["loggedByService eq 'Core Directory'", ['app', 'update']],
  ["result eq 'failure'", ['mailFail']],
  ["result eq 'success' and activityDisplayName eq 'Invitation Email'", ['mailOk']],
  [(l) => `initiatedBy/user/id eq '${l.refs.grace}'`, ['redeem']],
  [(l) => `initiatedBy/user/id eq ${l.refs.grace.toUpperCase()}`, ['redeem']],
  ["initiatedBy/user/userPrincipalName eq 'ALICE@admins.example'", ['update']],
  ["startswith(initiatedBy/user/userPrincipalName,'guest1_')", ['redeem']],
  ["initiatedBy/user/displayName eq 'Admin Alice'", ['update']],
  [(l) => `initiatedBy/app/appId eq '${l.inviter.appId}'`, ['inv3', 'inv2', 'inv1', 'app']],
  ["initiatedBy/app/displayName eq 'portico mailer'", ['mailOk', 'mailFail']],
  [(l) => `targetResources/any(t:t/id eq '${l.guests[0].id}')`, ['inv1', 'update', 'redeem']],
  [(l) => `targetResources/any(t: t/id eq '${l.refs.group.toLowerCase()}')`, ['update']],
  [(l) => `targetResources/any(x:x/ID eq '${l.refs.group}')`, ['update']],
  [(l) => `targetResources/any(t:t/id in ('${l.guests[1].id}','${l.guests[2].id}'))`, ['inv3', 'inv2', 'mailOk', 'mailFail']],
  ["targetResources/any(t:t/displayName eq 'partners')", ['update']],
  ["targetResources/any(t:startswith(t/displayName,'Third'))", ['mailOk']],
  [(l) => `correlationId eq ${l.refs.correlation}`, ['mailOk']],
  [(l) => `id eq '${l.ids.redeem}'`, ['redeem']],
  ["result eq 'failure' or category eq 'ApplicationManagement'", ['app', 'mailFail']],
  [(l) => `targetResources/any(t:t/id eq '${l.guests[1].id}') or initiatedBy/user/id eq '${l.refs.alice}'`, ['inv2', 'update', 'mailFail']],
  ["(loggedByService eq 'Invited Users') and (activityDateTime le 2026-06-01T00:00:00Z)", ['mailOk', 'mailFail', 'redeem']],
  [(l) => `activityDisplayName eq 'Update user' and targetResources/any(t:t/id eq '${l.guests[0].id}')`, ['update']],
  ["activityDisplayName eq 'nothing like this'", []],
];

const refused: [query: string, status: number, code: string, message?: RegExp][] = [
  ["$filter=resultReason eq 'x'", 400, 'Request_UnsupportedQuery', /^Unsupported or invalid query filter clause specified for property 'resultReason' of resource 'directoryAudit'\.$/],
  ["$filter=initiatedBy/user/ipAddress eq '10.0.0.1'", 400, 'Request_UnsupportedQuery', /'initiatedBy\/user\/ipAddress' of resource 'directoryAudit'/],
  ["$filter=initiatedBy eq 'x'", 400, 'Request_UnsupportedQuery'],
  ["$filter=category ne 'x'", 400, 'Request_UnsupportedQuery', /operator 'ne'/],
  ["$filter=not(category eq 'x')", 400, 'Request_UnsupportedQuery'],
  ["$filter=endswith(activityDisplayName,'Email')", 400, 'Request_UnsupportedQuery'],
  ["$filter=startswith(category,'User')", 400, 'Request_UnsupportedQuery'],
  ["$filter=contains(activityDisplayName,'Email')", 400, 'Request_UnsupportedQuery'],
  ["$filter=activityDisplayName ge 'a'", 400, 'Request_UnsupportedQuery'],
  ["$filter=targetResources/any(t:t/type eq 'User')", 400, 'Request_UnsupportedQuery'],
  ["$filter=targetResources/any(t:endswith(t/displayName,'s'))", 400, 'Request_UnsupportedQuery'],
  ["$filter=targetResources/any(t:startswith(t/id,'a'))", 400, 'Request_UnsupportedQuery'],
  ["$filter=targetResources/all(t:t/id eq 'x')", 400, 'Request_UnsupportedQuery'],
  ['$filter=targetResources/$count eq 1', 400, 'Request_UnsupportedQuery'],
  ["$filter=targetResources eq 'x'", 400, 'Request_UnsupportedQuery'],
  ["$filter=activityDateTime ge 'yesterday'", 400, 'Request_BadRequest'],
  ['$filter=activityDisplayName eq 1', 400, 'Request_BadRequest', /incompatible types/],
  ["$filter=activityDisplayName eq 'x", 400, 'Request_BadRequest', /^Invalid filter clause/],
  ['$filter=activityDateTime ge', 400, 'Request_BadRequest'],
  ['$orderby=activityDisplayName', 400, 'Request_UnsupportedQuery', /^Unsupported sort property 'activityDisplayName' for 'directoryAudit'\.$/],
  ['$orderby=activityDateTime desc,id', 400, 'Request_UnsupportedQuery'],
  ['$orderby=activityDateTime sideways', 400, 'Request_BadRequest'],
  ['$top=0', 400, 'Request_BadRequest', /between 1 and 1000/],
  ['$top=1001', 400, 'Request_BadRequest'],
  ['$top=ten', 400, 'Request_BadRequest'],
  ['$search="activityDisplayName:x"', 400, 'Request_UnsupportedQuery'],
  ['$count=true', 400, 'Request_UnsupportedQuery'],
  ['$skip=2', 400, 'Request_UnsupportedQuery'],
  ['$expand=x', 400, 'Request_UnsupportedQuery'],
  ['$select=nope', 400, 'Request_BadRequest', /directoryAudit/],
  ['$skiptoken=not-a-token', 400, 'Request_BadRequest', /skiptoken/],
  ["$filter=activityDisplayName eq 'a'&$filter=category eq 'b'", 400, 'Request_BadRequest'],
];

for (const dialect of dialects()) {
  describe(`audit log queries (${dialect})`, () => {
    let h: GraphHarness;
    let log: AuditLog;
    const get = (url: string, token = log.reader.token) => h.graph(token, 'GET', url);
    const names = (body: { value: { id: string }[] }) => body.value.map((r) => log.keys.get(r.id) ?? `OTHER:${r.id}`);

    async function walk(url: string): Promise<string[][]> {
      const pages: string[][] = [];
      let next: string | undefined = url;
      while (next) {
        const res = await get(next);
        assert.equal(res.statusCode, 200, `${next}: ${res.body}`);
        const body = res.json();
        pages.push(names(body));
        const link: string | undefined = body['@odata.nextLink'];
        if (link) assert.ok(link.startsWith(`${PUBLIC_URL}/v1.0/auditLogs/directoryAudits?`), link);
        next = link?.slice(PUBLIC_URL.length);
      }
      return pages;
    }

    before(async () => {
      h = await GraphHarness.start(dialect);
      log = await seedAuditLog(h, 'Audit Queries');
      // Another tenant's records must never show up.
      await seedAuditLog(h, 'Audit Elsewhere');
    });
    after(async () => h.stop());

    it('lists every record of the tenant, newest first', async () => {
      const res = await get('/v1.0/auditLogs/directoryAudits');
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(names(res.json()), log.order);
      assert.equal(res.json()['@odata.nextLink'], undefined);
    });

    for (const [filter, expected] of cases) {
      const label = typeof filter === 'string' ? filter : filter.toString().replace(/^\(l\) => /, '');
      it(`$filter=${label}`, async () => {
        const text = typeof filter === 'string' ? filter : filter(log);
        const res = await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(text)}`);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(names(res.json()), expected);
      });
    }

    it('$orderby=activityDateTime asc and desc, alone and with $filter', async () => {
      const asc = await get('/v1.0/auditLogs/directoryAudits?$orderby=activityDateTime%20asc');
      assert.deepEqual(names(asc.json()), [...log.order].reverse());
      const desc = await get('/beta/auditLogs/directoryAudits?$orderby=activityDateTime desc');
      assert.deepEqual(names(desc.json()), log.order);
      const both = await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent("loggedByService eq 'Core Directory'")}&$orderby=ActivityDateTime`);
      assert.deepEqual(names(both.json()), ['update', 'app']);
    });

    it('pages with $top: every record once, in order, in both directions and with a filter', async () => {
      const pages = await walk('/v1.0/auditLogs/directoryAudits?$top=3');
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 2]);
      assert.deepEqual(pages.flat(), log.order);
      const asc = await walk('/v1.0/auditLogs/directoryAudits?$top=1&$orderby=activityDateTime asc');
      assert.deepEqual(asc.flat(), [...log.order].reverse());
      const filtered = await walk(`/v1.0/auditLogs/directoryAudits?$top=2&$filter=${encodeURIComponent("startswith(activityDisplayName,'Invit')")}&$select=id,activityDisplayName`);
      assert.deepEqual(filtered.flat(), ['inv3', 'inv2', 'inv1', 'mailOk', 'mailFail']);
    });

    it('a page stays stable while newer records arrive', async () => {
      const first = (await get('/v1.0/auditLogs/directoryAudits?$top=4')).json();
      await h.invite(log.inviter.token, { invitedUserEmailAddress: 'late@partner.example', inviteRedirectUrl: 'https://myapp.contoso.com' });
      const rest = await walk(first['@odata.nextLink'].slice(PUBLIC_URL.length));
      assert.deepEqual([...names(first), ...rest.flat()], log.order);
    });

    it('a skiptoken is bound to its query and its tenant, and tamper-evident', async () => {
      const link: string = (await get('/v1.0/auditLogs/directoryAudits?$top=2')).json()['@odata.nextLink'];
      const token = new URL(link).searchParams.get('$skiptoken') as string;
      const other = await get(`/v1.0/auditLogs/directoryAudits?$top=2&$filter=${encodeURIComponent("result eq 'success'")}&$skiptoken=${encodeURIComponent(token)}`);
      assert.equal(other.statusCode, 400);
      const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
      assert.equal((await get(`/v1.0/auditLogs/directoryAudits?$skiptoken=${encodeURIComponent(tampered)}`)).statusCode, 400);
      const elsewhere = await h.appWith(await h.tenant('Audit Thief'), ['AuditLog.Read.All']);
      const stolen = await get(link.slice(PUBLIC_URL.length), elsewhere.token);
      assert.equal(stolen.statusCode, 400);
    });

    for (const [query, status, code, message] of refused) {
      it(`${query} -> ${status} ${code}`, async () => {
        const res = await get(`/v1.0/auditLogs/directoryAudits?${query.replace(/ /g, '%20')}`);
        assert.equal(res.statusCode, status, res.body);
        assert.equal(res.json().error.code, code);
        if (message) assert.match(res.json().error.message, message);
      });
    }

    it('hostile filter text yields only 200 or 400, never another tenant\'s records', async () => {
      const hostile = [
        "activityDisplayName eq 'x' or 1 eq 1", "activityDisplayName eq 'x''; drop table audit_logs; --'", "tenant_id ne ''",
        "targetResources/any(t:t/id eq '' or t/tenant_id ne '')", "targetResources/any(t:t/audit_id ne 'x')",
        `${'('.repeat(150)}category eq 'x'${')'.repeat(150)}`, Array.from({ length: 600 }, (_, i) => `category eq '${i}'`).join(' or '),
        "startswith(activityDisplayName,'%')", "activity eq 'Update user'", "initiatedBy/user/id eq 'x' or initiated_by ne ''",
      ];
      for (const filter of hostile) {
        const res = await get(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`);
        assert.ok(res.statusCode === 200 || res.statusCode === 400, `${filter}: ${res.statusCode} ${res.body}`);
        if (res.statusCode === 200) assert.ok(names(res.json()).every((n) => !n.startsWith('OTHER:')), filter);
      }
    });
  });
}
