import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { GraphHarness } from '../../helpers/graph-harness.js';
import { everyoneBut, runCase, type QueryCase } from '../../helpers/query-cases.js';
import { ALL_KEYS, seedDirectory, type SeededDirectory } from '../../helpers/query-directory.js';

/**
 * `$search`, `$orderby`, `$count`, `/users/$count`, `$select` and the URL forms of every option,
 * through HTTP on every dialect, against the directory of helpers/query-directory.ts.
 */

const UNSUPPORTED = 'Request_UnsupportedQuery';
const BAD = 'Request_BadRequest';
const SEARCH_HEADER = "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'";

const search = (text: string, expect: string[], extra = ''): QueryCase =>
  ({ name: `$search=${text}${extra}`, url: `/v1.0/users?$search=${encodeURIComponent(text)}${extra}`, eventual: true, expect });

/** displayName order as the store folds it: nulls first, then bytewise on the lower-cased text. */
const BY_DISPLAY_NAME = ['nameless', 'adele', 'alex', 'christie', 'picard', 'grace', 'camel', 'lee', 'megan', 'newbie', 'pat', 'second', 'sinead', 'xavier'];

const searches: QueryCase[] = [
  { name: '$search without the header', url: `/v1.0/users?$search=${encodeURIComponent('"displayName:adele"')}`, error: { status: 400, code: UNSUPPORTED, message: SEARCH_HEADER } },
  search('"displayName:ad"', ['adele']),
  search('"displayName:vance"', ['adele']),
  search('"displayName:VAN ade"', ['adele']),
  search('"displayName:jeanluc"', ['picard']),
  search('"displayName:luc"', ['picard']),
  search('"displayName:jean-luc"', ['picard']),
  search('"displayName:world"', ['camel']),
  search('"displayName:hello world"', ['camel']),
  search('"displayName:2024"', ['camel']),
  search('"displayName:bot"', ['camel']),
  search('"displayName:o\'neil"', ['sinead']),
  search('"displayName:sin"', ['sinead']),
  search('"displayName:zzz"', []),
  search('"displayName:g"', ['grace', 'lee']),
  search('"displayName:adele" OR "displayName:megan"', ['adele', 'megan']),
  search('"displayName:a" AND "mail:alex"', ['alex']),
  search('("displayName:adele" OR "displayName:megan") AND "givenName:meg"', ['megan']),
  search('"mail:grace"', ['grace']),
  search('"userPrincipalName:pat_"', ['pat']),
  search('"otherMails:megan"', ['megan']),
  search('"proxyAddresses:smtp:grace"', ['grace']),
  search('"jobTitle:Marketing"', ['alex', 'megan']),
  search('"displayName:a"', ['alex'], `&$filter=${encodeURIComponent('accountEnabled eq false')}`),
  search('"displayName:a"', ['adele', 'alex'], `&$filter=${encodeURIComponent('accountEnabled ne true or accountEnabled eq true')}`),
  { ...search('"displayName:a"', ['adele', 'alex'], '&$count=true'), count: 2 },
  { ...search('"displayName:g"', ['grace', 'lee'], '&$orderby=displayName desc'), expect: ['lee', 'grace'], ordered: true },
  { name: 'unknown $search property', url: `/v1.0/users?$search=${encodeURIComponent('"favoriteColor:blue"')}`, eventual: true, error: { status: 400, code: UNSUPPORTED, message: "Unsupported search property 'favoriteColor' for 'User'." } },
  { name: '$search syntax error', url: `/v1.0/users?$search=${encodeURIComponent('displayName:adele')}`, eventual: true, error: { status: 400, code: BAD, message: /^Invalid \$search clause: / } },
  { name: '$search lower-case operator', url: `/v1.0/users?$search=${encodeURIComponent('"displayName:a" or "displayName:b"')}`, eventual: true, error: { status: 400, code: BAD, message: /neither a quoted clause nor AND or OR/ } },
];

const orderings: QueryCase[] = [
  { name: '$orderby=displayName', url: '/v1.0/users?$orderby=displayName', expect: BY_DISPLAY_NAME, ordered: true },
  { name: '$orderby=displayName asc', url: '/v1.0/users?$orderby=displayName%20asc', expect: BY_DISPLAY_NAME, ordered: true },
  { name: '$orderby=displayName desc', url: '/v1.0/users?$orderby=displayName+desc', expect: [...BY_DISPLAY_NAME].reverse(), ordered: true },
  { name: '$orderby=DisplayName DESC', url: '/v1.0/users?$orderby=DisplayName%20DESC', expect: [...BY_DISPLAY_NAME].reverse(), ordered: true },
  {
    name: '$orderby=createdDateTime desc (AQ)',
    url: `/v1.0/users?$count=true&$orderby=createdDateTime desc&$filter=${encodeURIComponent('createdDateTime le 2024-12-31T00:00:00Z')}`, eventual: true,
    expect: ['xavier', 'grace', 'pat', 'camel', 'sinead', 'picard', 'nameless', 'lee', 'megan', 'alex', 'adele', 'christie'], ordered: true, count: 12,
  },
  {
    name: '$filter with $orderby (AQ; aad-advanced-queries example shape)',
    url: `/v1.0/users?$orderby=displayName&$filter=${encodeURIComponent("startsWith(displayName, 'a')")}&$count=true`, eventual: true,
    expect: ['adele', 'alex'], ordered: true, count: 2,
  },
  {
    name: '$orderby=userPrincipalName desc with a filter (AQ)',
    url: `/v1.0/users?$orderby=userPrincipalName desc&$filter=${encodeURIComponent("userType eq 'Guest'")}&$count=true`, eventual: true,
    expect: ['second', 'pat', 'newbie', 'grace'], ordered: true, count: 4,
  },
  { name: '$orderby=createdDateTime without AQ', url: '/v1.0/users?$orderby=createdDateTime', error: { status: 400, code: UNSUPPORTED, message: "Unsupported sort property 'createdDateTime' for 'User'." } },
  { name: '$orderby=mail', url: '/v1.0/users?$orderby=mail&$count=true', eventual: true, error: { status: 400, code: UNSUPPORTED, message: "Unsupported sort property 'mail' for 'User'." } },
  { name: '$orderby two properties', url: '/v1.0/users?$orderby=displayName,userPrincipalName', error: { status: 400, code: UNSUPPORTED, message: 'Sorting not supported for current query.' } },
  {
    name: '$filter with $orderby without AQ', url: `/v1.0/users?$orderby=displayName&$filter=${encodeURIComponent("userType eq 'Guest'")}`,
    error: { status: 400, code: UNSUPPORTED, message: 'Sorting not supported for current query.' },
  },
  { name: '$orderby syntax error', url: '/v1.0/users?$orderby=displayName%20sideways', error: { status: 400, code: BAD, message: /^Invalid \$orderby clause: Syntax error/ } },
];

const counting: QueryCase[] = [
  { name: '$count=true without the header is ignored', url: '/v1.0/users?$count=true', expect: [...ALL_KEYS] },
  { name: '$count=true with the header', url: '/v1.0/users?$count=true', eventual: true, expect: [...ALL_KEYS], count: ALL_KEYS.length },
  { name: '$count=TRUE', url: '/v1.0/users?$count=TRUE', eventual: true, expect: [...ALL_KEYS], count: ALL_KEYS.length },
  { name: '$count=false', url: '/v1.0/users?$count=false', eventual: true, expect: [...ALL_KEYS] },
  { name: '$count=maybe', url: '/v1.0/users?$count=maybe', error: { status: 400, code: BAD, message: "'maybe' is not a valid count option." } },
  { name: 'beta accepts count without $', url: '/beta/users?count=true', eventual: true, expect: [...ALL_KEYS], count: ALL_KEYS.length },
];

/** One filter in every URL form a client may send; each must find Adele. */
const forms: [string, string][] = [
  ['plain', "/v1.0/users?$filter=displayName eq 'Adele Vance'"],
  ['+ for spaces', "/v1.0/users?$filter=displayName+eq+'Adele+Vance'"],
  ['percent-encoded', `/v1.0/users?$filter=${encodeURIComponent("displayName eq 'Adele Vance'")}`],
  ['percent-encoded quotes only', '/v1.0/users?$filter=displayName%20eq%20%27Adele%20Vance%27'],
  ['double-encoded', `/v1.0/users?$filter=${encodeURIComponent(encodeURIComponent("displayName eq 'Adele Vance'"))}`],
  ['encoded option name', `/v1.0/users?%24filter=${encodeURIComponent("displayName eq 'Adele Vance'")}`],
  ['beta without $', `/beta/users?filter=${encodeURIComponent("displayName eq 'Adele Vance'")}`],
  ['option name in upper case', `/v1.0/users?$FILTER=${encodeURIComponent("displayName eq 'Adele Vance'")}`],
];

for (const dialect of dialects()) {
  describe(`user query options (${dialect})`, () => {
    let h: GraphHarness;
    let dir: SeededDirectory;
    let token: string;
    const get = (url: string, headers: Record<string, string> = {}) => h.graph(token, 'GET', url, undefined, headers);

    before(async () => {
      h = await GraphHarness.start(dialect);
      const tenant = await h.tenant('Options Corp', ['queries.example']);
      const admin = await h.appWith(tenant, ['User.ReadWrite.All']);
      token = admin.token;
      dir = await seedDirectory(h, tenant, 'queries.example', token);
      const other = await h.tenant('Options Twin', ['options-twin.example']);
      await seedDirectory(h, other, 'queries.example', (await h.appWith(other, ['User.ReadWrite.All'])).token);
    });
    after(async () => h.stop());

    for (const c of [...searches, ...orderings, ...counting]) it(c.name, () => runCase(h, token, dir, c));

    for (const [form, url] of forms) {
      it(`$filter sent ${form}`, async () => {
        const res = await get(url);
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json().value.map((u: { id: string }) => dir.keys.get(u.id)), ['adele']);
      });
    }

    it('a double-encoded existence query with #EXT#, + and quotes', async () => {
      const address = 'pat_partner.example#EXT#@' + dir.tenant.initialDomain;
      const filter = `userPrincipalName eq '${address}' or otherMails/any(x:x eq 'a+b@x.example')`;
      const res = await get(`/v1.0/users?$filter=${encodeURIComponent(encodeURIComponent(filter))}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().value.map((u: { id: string }) => dir.keys.get(u.id)), ['pat']);
    });

    it('the ConsistencyLevel header name and value are case-insensitive', async () => {
      for (const [name, value] of [['consistencylevel', 'eventual'], ['CONSISTENCYLEVEL', 'Eventual'], ['ConsistencyLevel', ' EVENTUAL ']]) {
        const res = await get(`/v1.0/users?$count=true&$filter=${encodeURIComponent('accountEnabled ne true')}`, { [name]: value });
        assert.equal(res.statusCode, 200, `${name}: ${value}: ${res.body}`);
        assert.equal(res.json()['@odata.count'], 1);
      }
      const strong = await get(`/v1.0/users?$count=true&$filter=${encodeURIComponent('accountEnabled ne true')}`, { ConsistencyLevel: 'session' });
      assert.equal(strong.statusCode, 400);
    });

    it('GET /users/$count answers text/plain with the header, Graph\'s 400 without', async () => {
      const all = await get('/v1.0/users/$count', { ConsistencyLevel: 'eventual' });
      assert.equal(all.statusCode, 200, all.body);
      assert.match(String(all.headers['content-type']), /^text\/plain/);
      assert.equal(all.body, String(ALL_KEYS.length));
      const encoded = await get('/v1.0/users/%24count', { ConsistencyLevel: 'eventual' });
      assert.equal(encoded.body, String(ALL_KEYS.length));
      const guests = await get(`/beta/users/$count?$filter=${encodeURIComponent("userType eq 'Guest'")}`, { ConsistencyLevel: 'eventual' });
      assert.equal(guests.body, '4');
      const searched = await get(`/v1.0/users/$count?$search=${encodeURIComponent('"displayName:a"')}`, { ConsistencyLevel: 'eventual' });
      assert.equal(searched.body, '2');
      const advanced = await get(`/v1.0/users/$count?$filter=${encodeURIComponent("department ne 'Marketing'")}`, { ConsistencyLevel: 'eventual' });
      assert.equal(advanced.body, String(everyoneBut('alex', 'megan').length));
      const missing = await get('/v1.0/users/$count');
      assert.equal(missing.statusCode, 400);
      assert.deepEqual([missing.json().error.code, missing.json().error.message], [BAD, '$count is not currently supported.']);
      const badFilter = await get(`/v1.0/users/$count?$filter=${encodeURIComponent('nope eq 1')}`, { ConsistencyLevel: 'eventual' });
      assert.equal(badFilter.statusCode, 400);
      assert.equal((await h.graph(token, 'DELETE', '/v1.0/users/$count')).statusCode, 405);
    });

    it('who has not accepted yet (beta, the reference documentation\'s query verbatim)', async () => {
      const res = await get("/beta/users?$filter=externalUserState eq 'PendingAcceptance'&$select=displayName,userPrincipalName,externalUserState,externalUserStateChangeDateTime");
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.match(body['@odata.context'], /\/beta\/\$metadata#users\(displayName,userPrincipalName,externalUserState,externalUserStateChangeDateTime\)$/);
      assert.deepEqual(body.value.map((u: { id: string }) => dir.keys.get(u.id)).sort(), ['newbie', 'pat', 'second']);
      for (const u of body.value) {
        assert.deepEqual(Object.keys(u).sort(), ['displayName', 'externalUserState', 'externalUserStateChangeDateTime', 'id', 'userPrincipalName']);
        assert.equal(u.externalUserState, 'PendingAcceptance');
        assert.match(u.externalUserStateChangeDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      const pat = body.value.find((u: { id: string }) => dir.keys.get(u.id) === 'pat');
      assert.equal(pat.externalUserStateChangeDateTime, '2024-01-15T10:00:00Z');
    });

    it('$select on GET /users reads each chosen collection in full, as GET /users/{id} shows it, and no other', async () => {
      // A page reads only the collections its $select shows (hydrateUsers); GET /users/{id} reads all.
      const selects = ['otherMails', 'identities,displayName', 'businessPhones,proxyAddresses,imAddresses,mail', 'displayName', 'otherMails,identities,businessPhones,proxyAddresses,imAddresses'];
      let nonEmpty = 0;
      for (const select of selects) {
        const res = await get(`/v1.0/users?$select=${select}&$top=999`);
        assert.equal(res.statusCode, 200, res.body);
        const users = res.json().value as Record<string, unknown>[];
        assert.ok(users.length >= 10, `${select}: ${users.length} users`);
        for (const u of users) {
          const { '@odata.context': _context, ...one } = (await get(`/v1.0/users/${String(u.id)}?$select=${select}`)).json() as Record<string, unknown>;
          assert.deepEqual(u, one, `${select} of ${dir.keys.get(String(u.id))}`);
          nonEmpty += Object.values(u).filter((v) => Array.isArray(v) && v.length > 0).length;
        }
      }
      assert.ok(nonEmpty > 20, `only ${nonEmpty} non-empty collections compared`);
      // v1.0's default set holds businessPhones.
      const adele = String(dir.ids.get('adele'));
      const listed = (await get(`/v1.0/users?$filter=${encodeURIComponent(`id eq '${adele}'`)}`)).json().value;
      const { '@odata.context': _context, ...alone } = (await get(`/v1.0/users/${adele}`)).json() as Record<string, unknown>;
      assert.deepEqual(listed, [alone]);
    });

    it('$select on GET /users/{id}: chosen properties, unknown and malformed ones refused, collection options refused', async () => {
      const id = dir.ids.get('adele');
      const res = await get(`/v1.0/users/${id}?$select=displayName,otherMails,IDENTITIES`);
      assert.equal(res.statusCode, 200, res.body);
      const u = res.json();
      assert.deepEqual(Object.keys(u).sort(), ['@odata.context', 'displayName', 'id', 'identities', 'otherMails']);
      assert.deepEqual(u.otherMails, ['adele@home.example', 'adele.vance@alt.example']);
      assert.match(u['@odata.context'], /#users\(displayName,otherMails,identities\)\/\$entity$/);
      const unknown = await get(`/v1.0/users/${id}?$select=displayName,shoeSize`);
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.message, "Parsing OData Select and Expand failed: Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
      const malformed = await get(`/v1.0/users/${id}?$select=id,,mail`);
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.json().error.message, /^Parsing OData Select and Expand failed: Expression expected at position 3/);
      const filtered = await get(`/v1.0/users/${id}?$filter=${encodeURIComponent("displayName eq 'x'")}`);
      assert.equal(filtered.statusCode, 400);
      assert.match(filtered.json().error.message, /not allowed on a single user/);
    });

    it('$select=* returns every property', async () => {
      const res = await get(`/v1.0/users?$select=*&$filter=${encodeURIComponent("displayName eq 'Lee Gu'")}`);
      assert.equal(res.statusCode, 200, res.body);
      const [lee] = res.json().value;
      assert.equal(lee.companyName, 'Fabrikam');
      assert.deepEqual(lee.imAddresses, ['sip:leeg@queries.example']);
    });

    it('malformed percent-encoding is a 400, not a 500', async () => {
      for (const url of [
        '/v1.0/users?$filter=%', '/v1.0/users?$filter=displayName%20eq%20%27%G1%27', '/v1.0/users?%zz=1',
        // A lone surrogate (CESU-8) is not UTF-8.
        '/v1.0/users?$filter=displayName%20eq%20%27%ED%A0%80%27',
        '/v1.0/users?$filter=mail%20eq%20%27%00%27',
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.equal(res.json().error.code, BAD);
      }
    });
  });
}
