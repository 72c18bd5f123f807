import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/databases.js';
import { countRows, GraphHarness, type TestApp } from '../../helpers/graph-harness.js';
import type { Tenant } from '../../../src/domain/model.js';

const ok = { invitedUserEmailAddress: 'valid@fabrikam.com', inviteRedirectUrl: 'https://myapp.contoso.com' };
const big = 'x'.repeat(300 * 1024);

/** Each case: a body (object, or raw text) and a fragment the error message must contain. */
const cases: { name: string; body: unknown; message: RegExp; status?: number; contentType?: string; code?: string }[] = [
  { name: 'malformed JSON', body: '{"invitedUserEmailAddress": "a@b.com",', message: /Invalid JSON/ },
  { name: 'empty body', body: '', message: /Invalid JSON|empty/ },
  { name: 'JSON array', body: '[]', message: /must be a JSON object/ },
  { name: 'JSON string', body: '"hello"', message: /must be a JSON object/ },
  { name: 'JSON null', body: 'null', message: /must be a JSON object|Invalid JSON/ },
  { name: 'JSON number', body: '42', message: /must be a JSON object/ },
  { name: 'missing invitedUserEmailAddress', body: { inviteRedirectUrl: ok.inviteRedirectUrl }, message: /'invitedUserEmailAddress' is required/ },
  { name: 'missing inviteRedirectUrl', body: { invitedUserEmailAddress: ok.invitedUserEmailAddress }, message: /'inviteRedirectUrl' is required/ },
  { name: 'empty object', body: {}, message: /is required/ },
  { name: 'email is a number', body: { ...ok, invitedUserEmailAddress: 12 }, message: /'invitedUserEmailAddress'.*Edm\.String/ },
  { name: 'email is null', body: { ...ok, invitedUserEmailAddress: null }, message: /'invitedUserEmailAddress'/ },
  { name: 'email is empty', body: { ...ok, invitedUserEmailAddress: '' }, message: /'invitedUserEmailAddress' may not be empty/ },
  { name: 'email without @', body: { ...ok, invitedUserEmailAddress: 'fabrikam.com' }, message: /not a valid email address/ },
  { name: 'email without domain', body: { ...ok, invitedUserEmailAddress: 'sam@' }, message: /not a valid email address/ },
  { name: 'email without local part', body: { ...ok, invitedUserEmailAddress: '@fabrikam.com' }, message: /not a valid email address/ },
  { name: 'email with space', body: { ...ok, invitedUserEmailAddress: 'sam taylor@fabrikam.com' }, message: /not a valid email address/ },
  { name: 'email local part with !', body: { ...ok, invitedUserEmailAddress: 'sam!@fabrikam.com' }, message: /character that is not allowed/ },
  { name: 'email local part with +', body: { ...ok, invitedUserEmailAddress: 'sam+tag@fabrikam.com' }, message: /character that is not allowed/ },
  { name: 'email local part with quote', body: { ...ok, invitedUserEmailAddress: '"sam"@fabrikam.com' }, message: /character that is not allowed/ },
  { name: 'email starting with a dot', body: { ...ok, invitedUserEmailAddress: '.sam@fabrikam.com' }, message: /may not begin or end/ },
  { name: 'email ending with a hyphen', body: { ...ok, invitedUserEmailAddress: 'sam-@fabrikam.com' }, message: /may not begin or end/ },
  { name: 'email with two @', body: { ...ok, invitedUserEmailAddress: 'sam@x@fabrikam.com' }, message: /not a valid email address/ },
  { name: 'email with single-label domain', body: { ...ok, invitedUserEmailAddress: 'sam@localhost' }, message: /domain is not valid/ },
  { name: 'email domain with underscore', body: { ...ok, invitedUserEmailAddress: 'sam@fab_rikam.com' }, message: /domain is not valid/ },
  { name: 'email too long', body: { ...ok, invitedUserEmailAddress: `${'a'.repeat(64)}@${'b'.repeat(200)}.com` }, message: /longer than/ },
  { name: 'email local part too long', body: { ...ok, invitedUserEmailAddress: `${'a'.repeat(65)}@fabrikam.com` }, message: /longer than 64/ },
  { name: 'redirect javascript:', body: { ...ok, inviteRedirectUrl: 'javascript:alert(1)' }, message: /scheme 'javascript'/ },
  { name: 'redirect data:', body: { ...ok, inviteRedirectUrl: 'data:text/html,<script>alert(1)</script>' }, message: /scheme 'data'/ },
  { name: 'redirect relative', body: { ...ok, inviteRedirectUrl: '/welcome' }, message: /absolute http or https URL/ },
  { name: 'redirect protocol-relative', body: { ...ok, inviteRedirectUrl: '//evil.example/x' }, message: /absolute http or https URL/ },
  { name: 'redirect ftp:', body: { ...ok, inviteRedirectUrl: 'ftp://files.example.com' }, message: /scheme 'ftp'/ },
  { name: 'redirect with credentials', body: { ...ok, inviteRedirectUrl: 'https://user:pw@evil.example' }, message: /credentials/ },
  { name: 'redirect too long', body: { ...ok, inviteRedirectUrl: `https://x.example/${'a'.repeat(2100)}` }, message: /longer than the maximum of 2048/ },
  { name: 'redirect is an object', body: { ...ok, inviteRedirectUrl: { url: 'https://x' } }, message: /'inviteRedirectUrl'.*Edm\.String/ },
  { name: 'unknown property', body: { ...ok, favouriteColour: 'blue' }, message: /property 'favouriteColour' does not exist on type 'microsoft\.graph\.invitation'/ },
  { name: 'wrong-case property', body: { ...ok, InvitedUserType: 'Guest' }, message: /property 'InvitedUserType' does not exist/ },
  { name: 'unknown nested property', body: { ...ok, invitedUserMessageInfo: { subject: 'hi' } }, message: /'subject' does not exist on type 'microsoft\.graph\.invitedUserMessageInfo'/ },
  { name: 'unknown property in cc recipient', body: { ...ok, invitedUserMessageInfo: { ccRecipients: [{ email: 'a@b.com' }] } }, message: /'email' does not exist on type 'microsoft\.graph\.recipient'/ },
  { name: 'sendInvitationMessage as string', body: { ...ok, sendInvitationMessage: 'true' }, message: /'sendInvitationMessage'.*Edm\.Boolean/ },
  { name: 'sendInvitationMessage as number', body: { ...ok, sendInvitationMessage: 1 }, message: /'sendInvitationMessage'.*Edm\.Boolean/ },
  { name: 'resetRedemption as string', body: { ...ok, resetRedemption: 'yes' }, message: /'resetRedemption'.*Edm\.Boolean/ },
  { name: 'invitedUserType unknown', body: { ...ok, invitedUserType: 'Admin' }, message: /'invitedUserType' is not valid/ },
  { name: 'invitedUserType as boolean', body: { ...ok, invitedUserType: true }, message: /'invitedUserType'.*Edm\.String/ },
  { name: 'display name too long', body: { ...ok, invitedUserDisplayName: 'n'.repeat(257) }, message: /'invitedUserDisplayName' is longer than the maximum of 256/ },
  { name: 'display name as array', body: { ...ok, invitedUserDisplayName: ['Sam'] }, message: /'invitedUserDisplayName'.*Edm\.String/ },
  { name: 'message info as string', body: { ...ok, invitedUserMessageInfo: 'hello' }, message: /'invitedUserMessageInfo'.*JSON object/ },
  { name: 'message body too long', body: { ...ok, invitedUserMessageInfo: { customizedMessageBody: 'm'.repeat(10_001) } }, message: /'customizedMessageBody' is longer than the maximum of 10000/ },
  { name: 'message language malformed', body: { ...ok, invitedUserMessageInfo: { messageLanguage: 'english please' } }, message: /'messageLanguage' is not a valid language tag/ },
  { name: 'ccRecipients not an array', body: { ...ok, invitedUserMessageInfo: { ccRecipients: { emailAddress: { address: 'a@b.com' } } } }, message: /'ccRecipients'.*JSON array/ },
  { name: 'cc recipient address invalid', body: { ...ok, invitedUserMessageInfo: { ccRecipients: [{ emailAddress: { address: 'not-an-address' } }] } }, message: /cc recipient 'not-an-address' is not a valid email address/ },
  { name: 'too many cc recipients', body: { ...ok, invitedUserMessageInfo: { ccRecipients: Array.from({ length: 11 }, (_, i) => ({ emailAddress: { address: `cc${i}@b.com` } })) } }, message: /At most 10 ccRecipients/ },
  { name: 'resetRedemption without invitedUser', body: { ...ok, resetRedemption: true }, message: /'invitedUser' .*required when 'resetRedemption' is true/ },
  { name: 'invitedUser without id', body: { ...ok, invitedUser: {} }, message: /'id' is required on type 'microsoft\.graph\.user'/ },
  { name: 'invitedUser id not a GUID', body: { ...ok, invitedUser: { id: 'abc' } }, message: /Invalid object identifier 'abc'/ },
  { name: 'sponsors not an array', body: { ...ok, invitedUserSponsors: { id: 'x' } }, message: /'invitedUserSponsors'.*JSON array/ },
  { name: 'sponsor id not a GUID', body: { ...ok, invitedUserSponsors: [{ id: 'x' }] }, message: /Invalid object identifier 'x' in property 'invitedUserSponsors'/ },
  { name: 'body over 256 KB', body: JSON.stringify({ ...ok, invitedUserDisplayName: big }), message: /larger than the maximum of 256 KB/ },
  { name: '__proto__ pollution attempt', body: '{"invitedUserEmailAddress":"a@b.com","inviteRedirectUrl":"https://x.com","__proto__":{"admin":true}}', message: /Invalid JSON|does not exist/ },
  { name: 'U+0000 in the display name', body: { ...ok, invitedUserDisplayName: 'Sam\u0000Taylor' }, message: /U\+0000/ },
  { name: 'U+0000 in the redirect URL', body: { ...ok, inviteRedirectUrl: 'https://app.example/?x=\u0000' }, message: /U\+0000/ },
  { name: 'U+0000 in the message body', body: { ...ok, invitedUserMessageInfo: { customizedMessageBody: 'hi\u0000' } }, message: /U\+0000/ },
  { name: 'U+0000 in an unknown property name', body: { ...ok, 'x\u0000': 1 }, message: /U\+0000/ },
  { name: 'arrays nested 100,000 deep', body: `{"invitedUserEmailAddress":"a@b.com","inviteRedirectUrl":"https://x.com","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, message: /does not exist|not valid|Invalid/ },
  { name: 'form-encoded body', body: 'invitedUserEmailAddress=a@b.com', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'UnsupportedMediaType', message: /content type/ },
];

for (const dialect of dialects()) {
  describe(`POST /invitations refuses bad input with Graph's envelope and writes nothing (${dialect})`, () => {
    let h: GraphHarness;
    let tenant: Tenant;
    let caller: TestApp;

    before(async () => {
      h = await GraphHarness.start(dialect);
      tenant = await h.tenant();
      caller = await h.appWith(tenant, ['User.ReadWrite.All']);
    });
    after(async () => h.stop());

    it(`has at least 40 cases (${cases.length})`, () => assert.ok(cases.length >= 40));

    for (const c of cases) {
      it(c.name, async () => {
        const before = await countRows(h, tenant.id);
        const payload = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
        const res = await h.app.inject({
          method: 'POST', url: '/v1.0/invitations', payload,
          headers: { authorization: `Bearer ${caller.token}`, 'content-type': c.contentType ?? 'application/json', 'client-request-id': 'bad-input-1' },
        });
        assert.equal(res.statusCode, c.status ?? 400, res.body.slice(0, 300));
        const body = res.json();
        assert.ok(body.error, 'Graph error envelope');
        if (c.code) assert.equal(body.error.code, c.code);
        else assert.match(body.error.code, /^(Request_BadRequest|BadRequest)$/);
        assert.match(body.error.message, c.message);
        assert.doesNotMatch(body.error.message, /at .*\.ts:\d+|Error:|SQL|sqlite|postgres/i);
        assert.equal(body.error.innerError['client-request-id'], 'bad-input-1');
        assert.match(body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
        assert.equal(body.error.innerError['request-id'], res.headers['request-id']);
        assert.deepEqual(await countRows(h, tenant.id), before, 'nothing was stored');
      });
    }
  });
}
