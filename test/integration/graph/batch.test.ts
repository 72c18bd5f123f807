/**
 * `POST /{version}/$batch` (json-batching; graph-spec §7), on every dialect. Items run through the
 * same routes, authentication and permissions as direct calls. A few probe routes, added to the
 * harness's instance before it starts and outside the Graph plugin (so unauthenticated), show
 * what an item's route receives, and when items start and end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT } from '../../../src/http/body-limit.js';
import { GRAPH_JSON } from '../../../src/http/graph/graph-headers.js';
import type { Tenant } from '../../../src/domain/model.js';
import { dialects } from '../../helpers/databases.js';
import { countRows, GraphHarness, PUBLIC_URL, type TestApp } from '../../helpers/graph-harness.js';

const redirect = 'https://apps.partner.example/welcome';
const json = { 'Content-Type': 'application/json' };
let n = 0;
const email = (who: string) => `${who}.${++n}.${Math.random().toString(36).slice(2, 7)}@partner.example`;
const invite = (address: string) => ({ invitedUserEmailAddress: address, inviteRedirectUrl: redirect });

interface Item { id: string; status: number; headers: Record<string, string>; body?: Record<string, unknown> & { error?: { code: string; message: string } } }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Test-only routes under /v1.0 that record what the dispatcher hands them. */
function addProbes(app: FastifyInstance): { events: string[] } {
  const events: string[] = [];
  const barriers = new Map<string, { arrived: number; release: () => void; open: Promise<void> }>();
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/v1.0/probe/echo',
    handler: async (request) => ({ method: request.method, url: request.url, headers: request.headers, body: request.body ?? null }),
  });
  app.get('/v1.0/probe/step/:name', async (request) => {
    const { name } = request.params as { name: string };
    events.push(`start ${name}`);
    await sleep(Number((request.query as { ms?: string }).ms ?? 0));
    events.push(`end ${name}`);
    return { name };
  });
  // Answers only once `n` requests wait on the same key: proof that they run at the same time.
  app.get('/v1.0/probe/barrier/:key/:n', async (request, reply) => {
    const { key, n: count } = request.params as { key: string; n: string };
    let b = barriers.get(key);
    if (!b) {
      let release = () => {};
      const open = new Promise<void>((r) => { release = r; });
      b = { arrived: 0, release, open };
      barriers.set(key, b);
    }
    if (++b.arrived === Number(count)) b.release();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([b.open.then(() => false), new Promise<boolean>((r) => { timer = setTimeout(() => r(true), 5000); })]);
    clearTimeout(timer);
    return timedOut ? reply.code(504).send({ arrived: b.arrived }) : { arrived: b.arrived };
  });
  app.get('/v1.0/probe/text', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('plain words'));
  app.get('/v1.0/probe/bytes', async (_request, reply) => reply.type('application/octet-stream').send(Buffer.from([0, 1, 2, 254, 255])));
  return { events };
}

for (const dialect of dialects()) {
  describe(`JSON $batch (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let admin: TestApp;
    let reader: TestApp;
    let probes: { events: string[] };

    before(async () => {
      h = await GraphHarness.start(dialect);
      probes = addProbes(h.app);
      tenant = await h.tenant('Batch Corp', ['batch-corp.example']);
      admin = await h.appWith(tenant, ['User.ReadWrite.All']);
      reader = await h.appWith(tenant, ['User.Read.All']);
    });
    after(async () => h.stop());

    async function batch(token: string | null, requests: unknown[], version = 'v1.0', headers: Record<string, string> = {}): Promise<Item[]> {
      const res = await h.graph(token, 'POST', `/${version}/$batch`, { requests }, headers);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { responses: Item[] };
      assert.deepEqual(Object.keys(body), ['responses']);
      return body.responses;
    }

    const byId = (items: Item[], id: string) => {
      const item = items.find((i) => i.id === id);
      assert.ok(item, `no response for ${id}`);
      return item;
    };

    it('answers mixed GET and POST items with {id, status, headers, body}, in request order', async () => {
      const res = await h.graph(admin.token, 'POST', '/v1.0/$batch', {
        requests: [
          { id: 'list', method: 'GET', url: '/users?$top=1&$select=id,displayName' },
          { id: 'create', method: 'POST', url: '/users', headers: json, body: {
            accountEnabled: true, displayName: 'Batch Member', mailNickname: 'bm', userPrincipalName: 'bm@batch-corp.example',
            passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
          } },
          { id: 'org', method: 'get', url: 'organization' },
          { id: 'invite', method: 'POST', url: '/invitations', headers: json, body: invite(email('mixed')) },
        ],
      }, { 'client-request-id': 'batch-client-1' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], GRAPH_JSON);
      assert.equal(res.headers['client-request-id'], 'batch-client-1');
      const items = (res.json() as { responses: Item[] }).responses;
      assert.deepEqual(items.map((i) => [i.id, i.status]), [['list', 200], ['create', 201], ['org', 200], ['invite', 201]]);
      for (const item of items) {
        assert.deepEqual(Object.keys(item), ['id', 'status', 'headers', 'body']);
        assert.equal(item.headers['Content-Type'], GRAPH_JSON);
        assert.equal(item.headers['OData-Version'], '4.0');
        for (const name of ['content-length', 'request-id', 'client-request-id', 'date']) assert.equal(item.headers[name], undefined, name);
      }
      assert.equal(byId(items, 'list').body?.['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#users(id,displayName)`);
      // The list may run before or after the create beside it (Graph runs items in any order).
      assert.ok((byId(items, 'list').body?.value as unknown[]).length <= 1);
      assert.equal(byId(items, 'create').body?.userPrincipalName, 'bm@batch-corp.example');
      assert.deepEqual((byId(items, 'org').body?.value as { id: string }[]).map((o) => o.id), [tenant.id]);
      assert.equal(byId(items, 'invite').body?.status, 'PendingAcceptance');
    });

    it('runs invitations inside a batch: 201 each, one guest and one queued mail per invitation', async () => {
      const before = await countRows(h, tenant.id);
      const addresses = [email('ada'), email('alan'), email('grace')];
      const items = await batch(admin.token, addresses.map((address, i) => ({
        id: `inv${i}`, method: 'POST', url: 'invitations', headers: json, body: { ...invite(address), sendInvitationMessage: true },
      })));
      assert.deepEqual(items.map((i) => i.status), [201, 201, 201]);
      assert.deepEqual(items.map((i) => i.body?.invitedUserEmailAddress), addresses);
      const guests = items.map((i) => (i.body?.invitedUser as { id: string }).id);
      assert.equal(new Set(guests).size, 3);
      for (const id of guests) assert.equal((await h.store.users.findById(tenant.id, id))?.userType, 'Guest');
      const rows = await countRows(h, tenant.id);
      assert.equal(rows.users, before.users + 3);
      assert.equal(rows.outbox, before.outbox + 3);
    });

    it('a failing item answers its own error while the others succeed', async () => {
      const items = await batch(admin.token, [
        { id: '1', method: 'POST', url: '/invitations', headers: json, body: invite('not-an-email') },
        { id: '2', method: 'GET', url: '/users/00000000-0000-0000-0000-000000000000' },
        { id: '3', method: 'PUT', url: '/users', headers: json, body: {} },
        { id: '4', method: 'GET', url: '/users?$skip=1' },
        { id: '5', method: 'GET', url: '/widgets' },
        { id: '6', method: 'POST', url: '/invitations', headers: json, body: { ...invite(email('ok')), surprise: 1 } },
        { id: '7', method: 'POST', url: '/invitations', headers: json, body: invite(email('fine')) },
        { id: '8', method: 'GET', url: '/organization' },
      ], 'v1.0', { 'client-request-id': 'failing-items' });
      const expected: [string, number, string][] = [
        ['1', 400, 'Request_BadRequest'], ['2', 404, 'Request_ResourceNotFound'], ['3', 405, 'Request_BadRequest'],
        ['4', 400, 'Request_UnsupportedQuery'], ['5', 400, 'BadRequest'], ['6', 400, 'Request_BadRequest'],
      ];
      for (const [id, status, code] of expected) {
        const item = byId(items, id);
        assert.equal(item.status, status, `item ${id}: ${JSON.stringify(item.body)}`);
        assert.equal(item.body?.error?.code, code, `item ${id}`);
        assert.equal(item.headers['Content-Type'], GRAPH_JSON);
        const inner = (item.body?.error as unknown as { innerError: Record<string, string> }).innerError;
        assert.equal(inner['client-request-id'], 'failing-items', 'items carry the batch client-request-id');
        assert.match(inner.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      }
      assert.equal(byId(items, '7').status, 201);
      assert.equal(byId(items, '8').status, 200);
    });

    it('dependsOn: a chain runs in order; after a failure the rest of the chain answers 424 and does not run', async () => {
      probes.events.length = 0;
      const ordered = await batch(admin.token, [
        { id: 'a', method: 'GET', url: '/probe/step/a?ms=60' },
        { id: 'b', method: 'GET', url: '/probe/step/b?ms=30', dependsOn: ['A'] },
        { id: 'c', method: 'GET', url: '/probe/step/c', dependsOn: ['b'] },
      ]);
      assert.deepEqual(ordered.map((i) => i.status), [200, 200, 200]);
      assert.deepEqual(probes.events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);

      const before = await countRows(h, tenant.id);
      const items = await batch(admin.token, [
        { id: '1', method: 'GET', url: '/organization' },
        { id: '2', method: 'GET', url: '/users/nobody@batch-corp.example', dependsOn: ['1'] },
        { id: '3', method: 'POST', url: '/invitations', headers: json, body: invite(email('never')), dependsOn: ['2'] },
        { id: '4', method: 'GET', url: '/users', dependsOn: ['3'] },
        { id: '5', method: 'GET', url: '/users?$top=1', dependsOn: ['1'] },
      ]);
      assert.deepEqual(items.map((i) => [i.id, i.status]), [['1', 200], ['2', 404], ['3', 424], ['4', 424], ['5', 200]]);
      for (const id of ['3', '4']) {
        const item = byId(items, id);
        assert.equal(item.body?.error?.code, 'FailedDependency');
        assert.equal(item.headers['Content-Type'], GRAPH_JSON);
      }
      assert.match(byId(items, '3').body?.error?.message ?? '', /request '2'.*404/);
      assert.match(byId(items, '4').body?.error?.message ?? '', /request '3'.*424/);
      assert.deepEqual(await countRows(h, tenant.id), before, 'the invitation after the failure was not run');
    });

    it('runs independent items concurrently, and forward references and shared dependencies work', async () => {
      const items = await batch(admin.token, [1, 2, 3].map((i) => ({ id: `p${i}`, method: 'GET', url: '/probe/barrier/parallel/3' })));
      assert.deepEqual(items.map((i) => i.status), [200, 200, 200], 'all three were waiting at once');

      probes.events.length = 0;
      // The Graph SDK's "same dependency" pattern may name a later request first.
      const same = await batch(admin.token, [
        { id: 'x', method: 'GET', url: '/probe/step/x', dependsOn: ['root'] },
        { id: 'root', method: 'GET', url: '/probe/step/root?ms=40' },
        { id: 'y', method: 'GET', url: '/probe/step/y', dependsOn: ['root'] },
      ]);
      assert.deepEqual(same.map((i) => [i.id, i.status]), [['x', 200], ['root', 200], ['y', 200]]);
      assert.deepEqual(probes.events.slice(0, 2), ['start root', 'end root']);
    });

    it('refuses duplicate ids (case-insensitively) as a whole: 400 and nothing runs', async () => {
      const before = await countRows(h, tenant.id);
      const res = await h.graph(admin.token, 'POST', '/v1.0/$batch', { requests: [
        { id: 'Dup', method: 'POST', url: '/invitations', headers: json, body: invite(email('dup')) },
        { id: 'dup', method: 'GET', url: '/users' },
      ] });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'BadRequest');
      assert.match(res.json().error.message, /more than one request with the id 'dup'/);
      assert.deepEqual(await countRows(h, tenant.id), before);
    });

    it('takes 20 requests and refuses 21', async () => {
      const items = (count: number) => Array.from({ length: count }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/organization' }));
      assert.equal((await batch(reader.token, items(20))).filter((i) => i.status === 200).length, 20);
      const res = await h.graph(reader.token, 'POST', '/v1.0/$batch', { requests: items(21) });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'BadRequest');
      assert.equal(res.json().error.message, 'The batch request contains 21 requests; at most 20 are allowed.');
    });

    it('refuses a malformed batch with 400 and Graph\'s error envelope', async () => {
      const get = { method: 'GET', url: '/users' };
      const cases: [string, unknown, RegExp][] = [
        ['no requests', {}, /'requests' array/],
        ['requests not an array', { requests: { id: '1' } }, /'requests' array/],
        ['a JSON array', [{ id: '1', ...get }], /'requests' array/],
        ['empty', { requests: [] }, /at least one request/],
        ['item not an object', { requests: ['GET /users'] }, /Request 1 of the batch is not a JSON object/],
        ['missing id', { requests: [get] }, /Request 1 of the batch has no 'id'/],
        ['numeric id', { requests: [{ id: 1, ...get }] }, /has no 'id'/],
        ['empty id', { requests: [{ id: '', ...get }] }, /has no 'id'/],
        ['missing method', { requests: [{ id: '1', url: '/users' }] }, /Request '1' has no 'method'/],
        ['unknown method', { requests: [{ id: '1', method: 'FETCH', url: '/users' }] }, /method 'FETCH'/],
        ['missing url', { requests: [{ id: '1', method: 'GET' }] }, /Request '1' has no 'url'/],
        ['url not a string', { requests: [{ id: '1', method: 'GET', url: ['/users'] }] }, /has no 'url'/],
        ['headers not an object', { requests: [{ id: '1', ...get, headers: ['a: b'] }] }, /headers of request '1'/],
        ['header value not a string', { requests: [{ id: '1', ...get, headers: { ConsistencyLevel: 1 } }] }, /must be a string/],
        ['header with a line break', { requests: [{ id: '1', ...get, headers: { 'x-a': 'b\r\nx-b: c' } }] }, /invalid header/],
        ['write without Content-Type', { requests: [{ id: 'w', method: 'POST', url: '/invitations', body: invite('a@b.example') }] },
          /^Write request id : w does not contain Content-Type header or body\.$/],
        ['write without body', { requests: [{ id: 'w', method: 'PATCH', url: '/users/x', headers: json }] }, /Write request id : w does not contain/],
        ['body without Content-Type', { requests: [{ id: '1', method: 'DELETE', url: '/users/x', body: {} }] }, /has a body but no Content-Type/],
        ['binary body not base64', { requests: [{ id: '1', method: 'POST', url: '/invitations', headers: { 'content-type': 'image/png' }, body: '%%%' }] }, /not base64/],
        ['dependsOn not an array', { requests: [{ id: '1', ...get, dependsOn: '2' }] }, /dependsOn of request '1'/],
        ['dependsOn an unknown id', { requests: [{ id: '1', ...get, dependsOn: ['9'] }] }, /depends on '9', which is not a request of this batch/],
        ['dependsOn itself', { requests: [{ id: '1', ...get, dependsOn: ['1'] }] }, /cycle/],
        ['a cycle', { requests: [{ id: '1', ...get, dependsOn: ['3'] }, { id: '2', ...get, dependsOn: ['1'] }, { id: '3', ...get, dependsOn: ['2'] }] }, /cycle/],
        ['atomicityGroup', { requests: [{ id: '1', ...get, atomicityGroup: 'g' }] }, /atomicity groups are not supported/],
      ];
      for (const [name, body, message] of cases) {
        const res = await h.graph(admin.token, 'POST', '/v1.0/$batch', body, { 'client-request-id': 'malformed' });
        assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
        const e = res.json().error;
        assert.equal(e.code, 'BadRequest', name);
        assert.match(e.message, message, name);
        assert.equal(e.innerError['client-request-id'], 'malformed');
        assert.equal(res.headers['content-type'], GRAPH_JSON);
      }
      const notJson = await h.graph(admin.token, 'POST', '/v1.0/$batch', '{"requests": [', {});
      assert.equal(notJson.statusCode, 400);
      assert.equal(notJson.json().error.code, 'BadRequest');
      const tooLarge = await h.graph(admin.token, 'POST', '/v1.0/$batch', { requests: [{ id: '1', ...get, headers: { 'x-pad': 'a'.repeat(BODY_LIMIT) } }] });
      assert.equal(tooLarge.statusCode, 400);
      assert.match(tooLarge.json().error.message, /256 KB/);
      assert.equal((await h.graph(admin.token, 'GET', '/v1.0/$batch')).statusCode, 405);
    });

    it('runs relative URLs with or without a leading slash under the batch\'s version, and nothing else', async () => {
      const guest = (await h.invite(admin.token, invite(email('url')))).json().invitedUser as { id: string; userPrincipalName: string };
      const forms = [
        ['/users?$top=1', 200], ['users?$top=1', 200], [`users/${guest.id}`, 200], [`/users/${guest.id}?$select=id`, 200],
        [`/users/${encodeURIComponent(guest.userPrincipalName)}`, 200], [`users/${guest.id}/`, 200],
        ['/probe/echo?$filter=city eq null', 200],
        ['/v1.0/users', 400], ['/beta/users', 400],
      ] as const;
      const items = await batch(admin.token, forms.map(([url], i) => ({ id: String(i), method: 'GET', url })));
      forms.forEach(([url, status], i) => assert.equal(items[i].status, status, `${url}: ${JSON.stringify(items[i].body)}`));
      assert.equal(items[2].body?.['@odata.context'], `${PUBLIC_URL}/v1.0/$metadata#users/$entity`);
      assert.equal(items[4].body?.id, guest.id);
      assert.equal(items[7].body?.error?.message, "Resource not found for the segment 'v1.0'.");
      // Left unencoded, as in Graph's own sample; the WHATWG parser encodes the spaces.
      assert.equal(items[6].body?.url, '/v1.0/probe/echo?$filter=city%20eq%20null');

      const beta = await batch(admin.token, [{ id: 'b', method: 'GET', url: `/users/${guest.id}` }], 'beta');
      assert.equal(beta[0].status, 200);
      assert.equal(beta[0].body?.['@odata.context'], `${PUBLIC_URL}/beta/$metadata#users/$entity`);
      assert.equal(beta[0].body?.creationType, 'Invitation', 'beta returns every stored property');

      const refused: [string, RegExp][] = [
        ['https://graph.microsoft.com/v1.0/users', /must be relative/],
        ['//evil.example/users', /must be relative/],
        ['\\\\evil.example\\users', /must be relative/],
        [`../${tenant.id}/oauth2/v2.0/token`, /outside the batch's version/],
        ['/users/../../common/discovery/v2.0/keys', /outside the batch's version/],
        ['%2e%2e/%2E%2E/redeem', /outside the batch's version/],
        ['users/..\\..\\redeem', /outside the batch's version/],
        ['$batch', /batches cannot be nested/],
        ['/%24batch/', /batches cannot be nested/],
      ];
      for (const [url, message] of refused) {
        const res = await h.graph(admin.token, 'POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url }] });
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(res.json().error.message, message, url);
      }
      const marked = await h.graph(admin.token, 'POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: '/users' }] }, { 'x-portico-batch-item': 'x' });
      assert.equal(marked.statusCode, 400, 'a request dispatched by a batch cannot be a batch');
    });

    it('refuses the whole batch with 401 without a valid token, before reading it', async () => {
      for (const token of [null, 'not-a-jwt']) {
        const res = await h.graph(token, 'POST', '/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: '/organization' }] });
        assert.equal(res.statusCode, 401);
        assert.equal(res.json().error.code, 'InvalidAuthenticationToken');
        assert.ok(res.headers['www-authenticate']);
        const malformed = await h.graph(token, 'POST', '/beta/$batch', { requests: 'nonsense' });
        assert.equal(malformed.statusCode, 401, '401 comes before the body is judged');
      }
    });

    it('answers 403 per item for an app lacking the permission, and runs what it may', async () => {
      const before = await countRows(h, tenant.id);
      const items = await batch(reader.token, [
        { id: 'read', method: 'GET', url: '/users?$top=2' },
        { id: 'invite', method: 'POST', url: '/invitations', headers: json, body: invite(email('denied')) },
        { id: 'create', method: 'POST', url: '/users', headers: json, body: { accountEnabled: true, displayName: 'x', mailNickname: 'x', userPrincipalName: 'x@batch-corp.example', passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' } } },
        { id: 'org', method: 'GET', url: '/organization' },
      ]);
      assert.deepEqual(items.map((i) => [i.id, i.status]), [['read', 200], ['invite', 403], ['create', 403], ['org', 200]]);
      for (const id of ['invite', 'create']) {
        assert.equal(byId(items, id).body?.error?.code, 'Authorization_RequestDenied');
        assert.equal(byId(items, id).body?.error?.message, 'Insufficient privileges to complete the operation.');
      }
      assert.deepEqual(await countRows(h, tenant.id), before);
    });

    it('passes per-item headers such as ConsistencyLevel through, and the batch\'s token and client-request-id', async () => {
      const other = await h.appWith(await h.tenant(), ['Directory.ReadWrite.All']);
      const items = await batch(admin.token, [
        { id: 'sdk', method: 'GET', url: '/probe/echo?$count=true', headers: { consistencylevel: 'eventual' } },
        { id: 'doc', method: 'GET', url: 'probe/echo', headers: { ConsistencyLevel: 'eventual', 'client-request-id': 'item-own' } },
        { id: 'none', method: 'GET', url: '/probe/echo' },
        { id: 'steal', method: 'GET', url: '/probe/echo', headers: { Authorization: `Bearer ${other.token}`, Host: 'evil.example' } },
        { id: 'post', method: 'POST', url: '/probe/echo', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: { a: [1, 'ü'] } },
        { id: 'text', method: 'POST', url: '/probe/echo', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      ], 'v1.0', { 'client-request-id': 'outer-id' });
      type Echo = { method: string; url: string; headers: Record<string, string>; body: unknown };
      const echo = (id: string) => byId(items, id).body as unknown as Echo;
      assert.equal(echo('sdk').headers.consistencylevel, 'eventual');
      assert.equal(echo('sdk').url, '/v1.0/probe/echo?$count=true');
      assert.equal(echo('doc').headers.consistencylevel, 'eventual');
      assert.equal(echo('none').headers.consistencylevel, undefined, 'headers do not leak between items');
      for (const id of ['sdk', 'doc', 'none', 'steal']) assert.equal(echo(id).headers.authorization, `Bearer ${admin.token}`, id);
      assert.notEqual(echo('steal').headers.host, 'evil.example');
      assert.equal(echo('sdk').headers['client-request-id'], 'outer-id');
      assert.equal(echo('doc').headers['client-request-id'], 'item-own');
      assert.equal(echo('post').method, 'POST');
      assert.deepEqual(echo('post').body, { a: [1, 'ü'] });
      assert.equal(echo('text').body, 'hello');
    });

    it('returns JSON bodies as JSON, text as text, bytes as base64, and no body for 204', async () => {
      const guest = (await h.invite(admin.token, invite(email('patch')))).json().invitedUser as { id: string };
      const items = await batch(admin.token, [
        { id: 'patch', method: 'PATCH', url: `/users/${guest.id}`, headers: json, body: { jobTitle: 'Batched' } },
        { id: 'text', method: 'GET', url: '/probe/text' },
        { id: 'bytes', method: 'GET', url: '/probe/bytes' },
        { id: 'octets', method: 'POST', url: '/invitations', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from('{}').toString('base64') },
        { id: 'read', method: 'GET', url: `/users/${guest.id}?$select=jobTitle`, dependsOn: ['patch'] },
      ]);
      const patch = byId(items, 'patch');
      assert.equal(patch.status, 204);
      assert.equal('body' in patch, false);
      assert.equal(byId(items, 'text').body, 'plain words');
      assert.match(byId(items, 'text').headers['Content-Type'], /^text\/plain/);
      assert.equal(byId(items, 'bytes').body, Buffer.from([0, 1, 2, 254, 255]).toString('base64'));
      assert.equal(byId(items, 'octets').status, 415);
      assert.equal(byId(items, 'octets').body?.error?.code, 'UnsupportedMediaType');
      assert.equal(byId(items, 'read').body?.jobTitle, 'Batched');
    });

    it('keeps every item inside the caller\'s tenant', async () => {
      const other = await h.tenant('Other Batch Corp', ['other-batch.example']);
      const otherApp = await h.appWith(other, ['Directory.ReadWrite.All']);
      const theirs = (await h.invite(otherApp.token, invite(email('theirs')))).json().invitedUser as { id: string; userPrincipalName: string };
      const items = await batch(admin.token, [
        { id: 'get', method: 'GET', url: `/users/${theirs.id}` },
        { id: 'upn', method: 'GET', url: `/users/${encodeURIComponent(theirs.userPrincipalName)}` },
        { id: 'patch', method: 'PATCH', url: `/users/${theirs.id}`, headers: json, body: { jobTitle: 'pwned' } },
        { id: 'delete', method: 'DELETE', url: `/users/${theirs.id}` },
        { id: 'token', method: 'GET', url: `/users/${theirs.id}`, headers: { authorization: `Bearer ${otherApp.token}` } },
        { id: 'list', method: 'GET', url: '/users?$top=999' },
        { id: 'org', method: 'GET', url: '/organization' },
      ]);
      for (const id of ['get', 'upn', 'patch', 'delete', 'token']) assert.equal(byId(items, id).status, 404, id);
      assert.ok(!(byId(items, 'list').body?.value as { id: string }[]).some((u) => u.id === theirs.id));
      assert.deepEqual((byId(items, 'org').body?.value as { id: string }[]).map((o) => o.id), [tenant.id]);
      const still = (await h.graph(otherApp.token, 'GET', `/v1.0/users/${theirs.id}?$select=jobTitle`)).json();
      assert.equal(still.jobTitle, null);
    });
  });
}
