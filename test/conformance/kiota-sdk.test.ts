/**
 * Conformance with the Kiota-based Microsoft Graph SDK: the real `@microsoft/msgraph-sdk` (with the
 * `-users` and `-invitations` fluent packages), authenticated by `@azure/identity`'s
 * ClientSecretCredential through `@microsoft/kiota-authentication-azure`, works against Portico
 * unchanged, over real HTTPS, on every storage dialect. The client runs in a child process
 * (clients/kiota-sdk-client.ts) that trusts the test certificate only through NODE_EXTRA_CA_CERTS;
 * a second child without it must fail, proving TLS is really checked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { assertTrustedOnlyThroughExtraCaCerts, describeRun, runClientProcess, startConformanceTarget, type ChildRun as ConformanceRun } from '../helpers/conformance.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import { KIOTA_EXIT, USER_SELECT, type KiotaClientParams, type KiotaClientResult, type KiotaExchange, type KiotaUser } from './clients/kiota-protocol.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PERMISSIONS = ['User.Invite.All', 'User.Read.All'];

type ChildRun = ConformanceRun<KiotaClientResult>;
const runClient = (params: KiotaClientParams, extraCaCerts: string | null) =>
  runClientProcess<KiotaClientResult>('kiota-sdk-client.ts', params, extraCaCerts);

/** The result of a run that had to succeed, or a failure that shows the client's stderr. */
function succeeded(run: ChildRun | undefined): KiotaClientResult & { kiota: NonNullable<KiotaClientResult['kiota']> } {
  assert.ok(run, 'the client did not run');
  assert.equal(run.code, KIOTA_EXIT.ok, describeRun(run));
  assert.ok(run.result?.kiota, describeRun(run));
  return run.result as KiotaClientResult & { kiota: NonNullable<KiotaClientResult['kiota']> };
}

const requests = (exchanges: KiotaExchange[], method: string, path: string) =>
  exchanges.filter((x) => x.method === method && new URL(x.url).pathname === path);

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`Kiota Microsoft Graph SDK with @azure/identity over HTTPS on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let origin: string;
    let tenant: Tenant;
    let clientId: string;
    let params: KiotaClientParams;
    let trusted: ChildRun;
    let untrusted: ChildRun;

    before(async () => {
      const target = await startConformanceTarget(dialect, cert, 'Kiota', 'kiota client', PERMISSIONS);
      ({ db, store, server, origin, tenant } = target);
      const { created } = target;
      clientId = created.app.appId;
      params = {
        origin,
        tenantId: tenant.id,
        clientId,
        clientSecret: created.secret.secretText,
        redirectUrl: 'https://apps.fabrikam.example/welcome?from=kiota',
        messageBody: 'Welcome to Contoso, Ada! <b>not markup</b> & more',
        cc: { address: 'grace.hopper@fabrikam.example', name: 'Grace Hopper' },
        invitees: [
          { email: 'Ada.Lovelace@fabrikam.example', displayName: 'Ada Lovelace' },
          { email: 'alan.turing@fabrikam.example', displayName: 'Alan Turing' },
          { email: 'edsger@dijkstra.example', displayName: 'Edsger Dijkstra' },
        ],
        invalidEmail: 'not-an-email-address',
      };
      // In parallel: the untrusted client never gets a token, so it touches no state.
      [trusted, untrusted] = await Promise.all([runClient(params, cert.certPath), runClient(params, null)]);
    });

    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    it('trusts the certificate only through NODE_EXTRA_CA_CERTS and sends every Graph request with the token', () => {
      const r = succeeded(trusted);
      assertTrustedOnlyThroughExtraCaCerts(r, cert, `${origin}/v1.0/`);
      for (const x of r.exchanges) assert.equal(x.bearer, true, `${x.method} ${x.url} went without the token`);
    });

    it('@azure/identity ClientSecretCredential gets an app token for Graph from Portico', () => {
      const claims = succeeded(trusted).tokenClaims;
      assert.ok(claims);
      assert.equal(claims.iss, `${origin}/${tenant.id}/v2.0`);
      assert.equal(claims.aud, 'https://graph.microsoft.com');
      assert.equal(claims.tid, tenant.id);
      assert.equal(claims.appid, clientId);
      assert.equal(claims.idtyp, 'app');
      assert.deepEqual([...(claims.roles as string[])].sort(), [...PERMISSIONS].sort());
    });

    it('client.invitations.post answers 201 and Kiota parses the Invitation model', async () => {
      const r = succeeded(trusted);
      const posts = requests(r.exchanges, 'POST', '/v1.0/invitations');
      assert.deepEqual(posts.map((x) => x.status), [201, 201, 201, 400]);
      for (const x of posts) {
        assert.match(x.requestContentType ?? '', /^application\/json/);
        assert.match(x.responseContentType ?? '', /^application\/json/);
      }
      // What Kiota put on the wire: its own serialization of the model, without nulls.
      const sent = JSON.parse(posts[0].requestBody ?? 'null') as Record<string, unknown>;
      assert.deepEqual(sent, {
        invitedUserDisplayName: 'Ada Lovelace',
        invitedUserEmailAddress: params.invitees[0].email,
        invitedUserMessageInfo: { ccRecipients: [{ emailAddress: { address: params.cc.address, name: params.cc.name } }], customizedMessageBody: params.messageBody },
        inviteRedirectUrl: params.redirectUrl,
        sendInvitationMessage: true,
      });

      const { invitations } = r.kiota;
      assert.equal(invitations.length, params.invitees.length);
      const [inv] = invitations;
      assert.match(inv.id ?? '', GUID);
      assert.equal(inv.invitedUserEmailAddress, params.invitees[0].email);
      assert.equal(inv.invitedUserDisplayName, 'Ada Lovelace');
      assert.equal(inv.invitedUserType, 'Guest');
      assert.equal(inv.inviteRedirectUrl, params.redirectUrl);
      assert.equal(inv.sendInvitationMessage, true);
      assert.equal(inv.resetRedemption, false);
      assert.equal(inv.status, 'PendingAcceptance');
      const redeem = new URL(inv.inviteRedeemUrl ?? '');
      assert.equal(redeem.origin, origin);
      assert.equal(redeem.searchParams.get('tenant'), tenant.id);
      assert.ok(inv.invitedUser);
      assert.match(inv.invitedUser.id ?? '', GUID);
      assert.equal(inv.invitedUser.userPrincipalName, `Ada.Lovelace_fabrikam.example#EXT#@${tenant.initialDomain}`);
      assert.deepEqual(inv.invitedUserMessageInfo, {
        customizedMessageBody: params.messageBody,
        ccRecipients: [{ name: params.cc.name, address: params.cc.address }],
      });
      // Only the OData annotation is unknown to the model; every Graph property found its place.
      assert.deepEqual(inv.additionalData, { '@odata.context': `${origin}/v1.0/$metadata#invitations/$entity` });
      assert.equal(invitations[1].invitedUserMessageInfo?.customizedMessageBody ?? null, null);

      const ids = invitations.map((i) => i.invitedUser?.id);
      assert.equal(new Set(ids).size, ids.length, 'each invitee is a new guest');
      const users = await store.users.page(tenant.id, null, 999);
      assert.deepEqual(users.users.map((u) => u.id).sort(), [...ids].sort());
      assert.equal(await store.outbox.countFor(tenant.id), params.invitees.length);
    });

    it('client.users.byUserId(id).get with $select returns exactly the selected properties', () => {
      const r = succeeded(trusted);
      const inv = r.kiota.invitations[0];
      const u = r.kiota.guestById;
      assert.equal(u.id, inv.invitedUser?.id);
      assert.equal(u.userPrincipalName, inv.invitedUser?.userPrincipalName);
      assert.equal(u.displayName, 'Ada Lovelace');
      assert.equal(u.userType, 'Guest');
      assert.equal(u.mail, params.invitees[0].email);
      assert.equal(u.externalUserState, 'PendingAcceptance');
      assert.ok(u.externalUserStateChangeDateTime && Math.abs(Date.parse(u.externalUserStateChangeDateTime) - Date.now()) < 3_600_000);
      assert.deepEqual(u.additionalData, { '@odata.context': `${origin}/v1.0/$metadata#users(${USER_SELECT.join(',')})/$entity` });
      const [get] = requests(r.exchanges, 'GET', `/v1.0/users/${u.id}`);
      assert.ok(get);
      assert.equal(get.status, 200);
      assert.equal(new URL(get.url).searchParams.get('$select'), USER_SELECT.join(','));
    });

    it('client.users.get with $filter, $count and ConsistencyLevel: eventual gives odataCount', () => {
      const r = succeeded(trusted);
      const { pending } = r.kiota;
      const listing = requests(r.exchanges, 'GET', '/v1.0/users');
      assert.equal(listing.length, 1);
      assert.equal(listing[0].status, 200);
      assert.equal(listing[0].consistencyLevel, 'eventual');
      const query = new URL(listing[0].url).searchParams;
      assert.equal(query.get('$filter'), "externalUserState eq 'PendingAcceptance'");
      assert.equal(query.get('$count'), 'true');

      assert.equal(pending.odataCount, params.invitees.length);
      assert.equal(pending.value.length, params.invitees.length);
      assert.equal(pending.odataNextLink, null);
      assert.deepEqual(pending.additionalData, { '@odata.context': `${origin}/v1.0/$metadata#users(${USER_SELECT.join(',')})` });
      const ids = r.kiota.invitations.map((i) => i.invitedUser?.id).sort();
      assert.deepEqual(pending.value.map((u: KiotaUser) => u.id).sort(), ids);
      for (const u of pending.value) {
        assert.equal(u.externalUserState, 'PendingAcceptance');
        assert.equal(u.userType, 'Guest');
        assert.ok(u.externalUserStateChangeDateTime);
        assert.deepEqual(u.additionalData, {}, 'no property outside the model');
      }
    });

    it('client.users.count.get reads /users/$count as text/plain and returns a number', () => {
      const r = succeeded(trusted);
      const [count] = requests(r.exchanges, 'GET', '/v1.0/users/$count');
      assert.ok(count);
      assert.equal(count.status, 200);
      assert.equal(count.consistencyLevel, 'eventual');
      assert.match(count.responseContentType ?? '', /^text\/plain/);
      assert.deepEqual(r.kiota.count, { value: params.invitees.length, type: 'number' });
    });

    it('Graph errors reach the caller as ODataError built from Portico\'s error envelope', () => {
      const r = succeeded(trusted);
      const e = r.kiota.invalidEmail;
      assert.equal(e.isODataError, true, JSON.stringify(e));
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'Request_BadRequest');
      assert.match(e.errorMessage ?? '', /not-an-email-address/);
      assert.match(e.errorMessage ?? '', /invitedUserEmailAddress/);
      assert.equal(e.message, e.errorMessage, 'the ODataError message is the envelope\'s');
      assert.equal(e.target, 'invitedUserEmailAddress');
      assert.match(e.requestId ?? '', GUID);
      assert.match(e.clientRequestId ?? '', GUID);
      assert.ok(e.date && Math.abs(Date.parse(e.date) - Date.now()) < 24 * 3_600_000, `innerError.date parsed as ${e.date}`);

      const missing = r.kiota.unknownUser;
      assert.equal(missing.isODataError, true, JSON.stringify(missing));
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.code, 'Request_ResourceNotFound');
      assert.match(missing.requestId ?? '', GUID);
      const errors = r.exchanges.filter((x) => x.status >= 400);
      assert.deepEqual(errors.map((x) => x.status), [400, 404]);
      for (const x of errors) assert.match(x.responseContentType ?? '', /^application\/json/);
    });

    it('without NODE_EXTRA_CA_CERTS the credential fails on the certificate and nothing reaches Graph', () => {
      assert.equal(untrusted.code, KIOTA_EXIT.tokenFailed, describeRun(untrusted));
      const r = untrusted.result;
      assert.ok(r?.tokenFailure, describeRun(untrusted));
      assert.deepEqual(r.env, { extraCaCerts: null, rejectUnauthorized: null });
      assert.equal(r.kiota, undefined);
      assert.equal(r.tokenClaims, undefined);
      assert.equal(r.exchanges.length, 0);
      const f = r.tokenFailure;
      // @azure/identity reports MSAL's discovery error, which hides the TLS failure …
      assert.equal(f.name, 'CredentialUnavailableError', JSON.stringify(f));
      assert.match(f.message, /endpoints_resolution_error/);
      // … which a direct request shows to be the untrusted certificate.
      assert.match(f.directCauseCode ?? '', /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/, JSON.stringify(f));
    });
  });
}
