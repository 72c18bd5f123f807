/**
 * Conformance with Microsoft's own clients: the real `@azure/msal-node` and
 * `@microsoft/microsoft-graph-client` get a token from Portico's authority and call its Graph API
 * over real HTTPS, on every storage dialect. The clients run in a child process
 * (clients/graph-sdk-client.ts) that trusts the test certificate only through NODE_EXTRA_CA_CERTS,
 * which Node reads at start-up; a second child without it must fail, proving TLS is really checked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../../src/domain/model.js';
import type { Store } from '../../src/domain/ports.js';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { makeTestCertificate, type TestCertificate } from '../helpers/tls.js';
import { assertTrustedOnlyThroughExtraCaCerts, describeRun, runClientProcess, startConformanceTarget, type ChildRun as ConformanceRun } from '../helpers/conformance.js';
import { EXIT, type ClientParams, type ClientResult, type Exchange } from './clients/protocol.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const PERMISSIONS = ['User.Invite.All', 'User.Read.All'];
const V1_USER_DEFAULT = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];


const runClient = (params: ClientParams, extraCaCerts: string | null) =>
  runClientProcess<ClientResult>('graph-sdk-client.ts', params, extraCaCerts);
type ChildRun = ConformanceRun<ClientResult>;


/** The result of a run that had to succeed, or a failure that shows the client's stderr. */
function succeeded(run: ChildRun | undefined): ClientResult {
  assert.ok(run, 'the client did not run');
  assert.equal(run.code, EXIT.ok, describeRun(run));
  assert.ok(run.result, describeRun(run));
  return run.result;
}


const byMethodAndPath = (exchanges: Exchange[], method: string, path: string) =>
  exchanges.filter((x) => x.method === method && new URL(x.url).pathname === path);

let cert: TestCertificate;
before(async () => { cert = await makeTestCertificate(); });
after(() => cert?.remove());

for (const dialect of dialects()) {
  describe(`real MSAL and Graph SDK over HTTPS on ${dialect}`, () => {
    let db: TestDatabase;
    let store: Store;
    let server: FastifyInstance;
    let origin: string;
    let tenant: Tenant;
    let clientId: string;
    let params: ClientParams;
    let trusted: ChildRun;
    let untrusted: ChildRun;

    before(async () => {
      const target = await startConformanceTarget(dialect, cert, 'Conformance', 'conformance client', PERMISSIONS);
      ({ db, store, server, origin, tenant } = target);
      const { created } = target;
      clientId = created.app.appId;
      params = {
        origin,
        tenantId: tenant.id,
        tenantDomain: tenant.initialDomain,
        clientId,
        clientSecret: created.secret.secretText,
        redirectUrl: 'https://apps.fabrikam.example/welcome?from=portico',
        messageBody: 'Welcome to Contoso, Ada! <b>not markup</b> & more',
        cc: { address: 'grace.hopper@fabrikam.example', name: 'Grace Hopper' },
        invitees: [
          { email: 'Ada.Lovelace@fabrikam.example', displayName: 'Ada Lovelace' },
          { email: 'alan.turing@fabrikam.example', displayName: 'Alan Turing' },
          { email: 'edsger@dijkstra.example', displayName: 'Edsger Dijkstra' },
          { email: 'barbara_liskov@mit.example', displayName: 'Barbara Liskov' },
        ],
        betaInvitee: { email: 'katherine.johnson@nasa.example', displayName: 'Katherine Johnson' },
        invalidEmail: 'not-an-email-address',
      };
      // Both clients in parallel: they touch disjoint state (the untrusted one never gets a token).
      [trusted, untrusted] = await Promise.all([runClient(params, cert.certPath), runClient(params, null)]);
    });

    after(async () => {
      await server?.close();
      await store?.close();
      await db?.drop();
    });

    it('runs the client with the test certificate trusted only through NODE_EXTRA_CA_CERTS', () => {
      const r = succeeded(trusted);
      assertTrustedOnlyThroughExtraCaCerts(r, cert, `${origin}/`);
      assert.match(r.tlsPeer?.protocol ?? '', /^TLSv1\.[23]$/);
    });

    it('MSAL ConfidentialClientApplication gets a Graph token with the tenant id in the authority', () => {
      const msal = succeeded(trusted).msal;
      assert.ok(msal);
      const t = msal.byTenantId;
      assert.equal(t.authority, `${origin}/${tenant.id}/`);
      assert.equal(t.tokenType, 'Bearer');
      assert.equal(t.fromCache, false);
      // MSAL takes tenantId from an id token, and client credentials have none (as with Entra).
      assert.equal(t.tenantId, '');
      assert.deepEqual(t.scopes, [GRAPH_SCOPE]);
      assert.ok(t.expiresInSeconds > 3500 && t.expiresInSeconds <= 3600, `expires in ${t.expiresInSeconds}s`);
      assert.equal(t.claims.iss, `${origin}/${tenant.id}/v2.0`);
      assert.equal(t.claims.aud, 'https://graph.microsoft.com');
      assert.equal(t.claims.tid, tenant.id);
      assert.equal(t.claims.appid, clientId);
      assert.equal(t.claims.idtyp, 'app');
      assert.equal(t.claims.ver, '2.0');
      assert.deepEqual([...(t.claims.roles as string[])].sort(), [...PERMISSIONS].sort());
      // The token response's expires_in is understood: the same request is answered from MSAL's cache.
      assert.equal(msal.repeated.fromCache, true);
    });

    it('MSAL gets a token with the tenant given as its domain', () => {
      const t = succeeded(trusted).msal?.byTenantDomain;
      assert.ok(t);
      assert.equal(t.authority, `${origin}/${tenant.initialDomain}/`);
      assert.equal(t.tokenType, 'Bearer');
      assert.equal(t.fromCache, false);
      assert.equal(t.claims.tid, tenant.id);
      assert.equal(t.claims.iss, `${origin}/${tenant.id}/v2.0`);
      assert.equal(t.claims.appid, clientId);
      assert.equal(t.claims.aud, 'https://graph.microsoft.com');
    });

    it('MSAL surfaces a wrong client secret as the identity platform error, read from JSON', () => {
      const e = succeeded(trusted).msal?.wrongSecret;
      assert.ok(e);
      assert.equal(e.errorCode, 'invalid_client', JSON.stringify(e));
      assert.match(e.errorMessage ?? '', /AADSTS7000215/);
    });

    it('Graph SDK POST /invitations answers 201 with the invitation shape, cc recipients and message', async () => {
      const r = succeeded(trusted);
      const g = r.graph;
      assert.ok(g);
      const posts = byMethodAndPath(r.exchanges, 'POST', '/v1.0/invitations');
      assert.deepEqual(posts.map((x) => x.status), [201, 201, 201, 201, 400]);
      for (const x of r.exchanges) assert.equal(x.bearer, true, `${x.method} ${x.url} went without the token`);
      for (const x of posts) {
        assert.match(x.requestContentType ?? '', /^application\/json/);
        assert.match(x.responseContentType ?? '', /^application\/json/);
      }

      assert.equal(g.invitations.length, params.invitees.length);
      const [inv] = g.invitations;
      const invitedUser = inv.invitedUser as { id: string; userPrincipalName: string };
      assert.equal(inv['@odata.context'], `${origin}/v1.0/$metadata#invitations/$entity`);
      assert.match(String(inv.id), GUID);
      assert.equal(inv.invitedUserEmailAddress, params.invitees[0].email);
      assert.equal(inv.invitedUserDisplayName, 'Ada Lovelace');
      assert.equal(inv.invitedUserType, 'Guest');
      assert.equal(inv.inviteRedirectUrl, params.redirectUrl);
      assert.equal(inv.sendInvitationMessage, true);
      assert.equal(inv.resetRedemption, false);
      assert.equal(inv.status, 'PendingAcceptance');
      const redeem = new URL(String(inv.inviteRedeemUrl));
      assert.equal(redeem.origin, origin);
      assert.equal(redeem.searchParams.get('tenant'), tenant.id);
      assert.deepEqual(inv.invitedUserMessageInfo, {
        messageLanguage: null,
        customizedMessageBody: params.messageBody,
        ccRecipients: [{ emailAddress: { name: params.cc.name, address: params.cc.address } }],
      });
      assert.match(invitedUser.id, GUID);
      assert.equal(invitedUser.userPrincipalName, `Ada.Lovelace_fabrikam.example#EXT#@${tenant.initialDomain}`);
      assert.deepEqual(inv.invitedUserSponsors, []);
      assert.deepEqual(Object.keys(inv).sort(), [
        '@odata.context', 'id', 'inviteRedeemUrl', 'inviteRedirectUrl', 'invitedUser', 'invitedUserDisplayName', 'invitedUserEmailAddress',
        'invitedUserMessageInfo', 'invitedUserSponsors', 'invitedUserType', 'resetRedemption', 'sendInvitationMessage', 'status',
      ]);

      const ids = g.invitations.map((i) => (i.invitedUser as { id: string }).id);
      assert.equal(new Set(ids).size, ids.length, 'each invitee is a new guest');
      assert.equal((g.invitations[1].invitedUserMessageInfo as { customizedMessageBody: unknown }).customizedMessageBody, null);

      // What the clients did is in this dialect's database: five guests, mail queued for four.
      const users = await store.users.page(tenant.id, null, 999);
      assert.equal(users.users.length, params.invitees.length + 1);
      assert.equal(await store.outbox.countFor(tenant.id), params.invitees.length);
    });

    it('Graph SDK reads the guest by its percent-encoded UPN with $select, and by id', () => {
      const g = succeeded(trusted).graph;
      assert.ok(g);
      const invitedUser = g.invitations[0].invitedUser as { id: string; userPrincipalName: string };
      const byUpn = g.guestByUpn;
      assert.equal(byUpn['@odata.context'], `${origin}/v1.0/$metadata#users(displayName,userType,externalUserState,mail)/$entity`);
      assert.equal(byUpn.displayName, 'Ada Lovelace');
      assert.equal(byUpn.userType, 'Guest');
      assert.equal(byUpn.externalUserState, 'PendingAcceptance');
      assert.equal(byUpn.mail, params.invitees[0].email);
      assert.deepEqual(Object.keys(byUpn).filter((k) => !['@odata.context', 'id'].includes(k)).sort(), ['displayName', 'externalUserState', 'mail', 'userType']);
      if ('id' in byUpn) assert.equal(byUpn.id, invitedUser.id);

      const byId = g.guestById;
      assert.equal(byId['@odata.context'], `${origin}/v1.0/$metadata#users/$entity`);
      assert.equal(byId.id, invitedUser.id);
      assert.equal(byId.userPrincipalName, invitedUser.userPrincipalName);
      assert.equal(byId.displayName, 'Ada Lovelace');
      assert.equal(byId.mail, params.invitees[0].email);
      assert.deepEqual(byId.businessPhones, []);
      assert.deepEqual(Object.keys(byId).filter((k) => k !== '@odata.context').sort(), [...V1_USER_DEFAULT].sort());
    });

    it('Graph SDK lists users with $top=2 and PageIterator follows every @odata.nextLink', () => {
      const r = succeeded(trusted);
      const g = r.graph;
      assert.ok(g);
      const first = g.firstPage;
      assert.equal(first['@odata.context'], `${origin}/v1.0/$metadata#users(id,userPrincipalName,userType)`);
      assert.equal((first.value as unknown[]).length, 2);
      const next = new URL(String(first['@odata.nextLink']));
      assert.equal(next.origin, origin);
      assert.equal(next.pathname, '/v1.0/users');
      assert.ok(next.searchParams.get('$skiptoken'));

      const expected = [...g.invitations, g.betaInvitation].map((i) => (i.invitedUser as { id: string }).id).sort();
      const seen = g.iterated.map((u) => String(u.id));
      assert.deepEqual([...seen].sort(), expected, 'every guest exactly once');
      for (const u of g.iterated) {
        assert.deepEqual(Object.keys(u).sort(), ['id', 'userPrincipalName', 'userType'], 'the $select survives paging');
        assert.equal(u.userType, 'Guest');
      }
      // 5 users in pages of 2: the first request, then two nextLinks; the last page has no nextLink.
      const listings = byMethodAndPath(r.exchanges, 'GET', '/v1.0/users').filter((x) => !new URL(x.url).searchParams.has('$filter'));
      assert.deepEqual(listings.map((x) => x.status), [200, 200, 200]);
      assert.equal(listings.filter((x) => new URL(x.url).searchParams.has('$skiptoken')).length, 2);
    });

    it('Graph SDK reads /organization', () => {
      const org = succeeded(trusted).graph?.organization;
      assert.ok(org);
      assert.equal(org['@odata.context'], `${origin}/v1.0/$metadata#organization`);
      const value = org.value as Record<string, unknown>[];
      assert.equal(value.length, 1);
      assert.equal(value[0].id, tenant.id);
      assert.equal(value[0].displayName, tenant.displayName);
      assert.deepEqual(value[0].verifiedDomains, [
        { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: tenant.initialDomain, type: 'Managed' },
      ]);
    });

    it('Graph SDK runs the reference documentation\'s queries: existence check, pending guests, $count', () => {
      const g = succeeded(trusted).graph;
      assert.ok(g);
      const invited = g.invitations[0].invitedUser as { id: string };
      assert.deepEqual((g.existence.value as { id: string }[]).map((u) => u.id), [invited.id]);
      const pending = g.pending.value as Record<string, unknown>[];
      assert.equal(g.pending['@odata.count'], pending.length);
      assert.ok(pending.length >= 5);
      for (const u of pending) {
        assert.equal(u.externalUserState, 'PendingAcceptance');
        assert.deepEqual(Object.keys(u).sort(), ['displayName', 'externalUserState', 'externalUserStateChangeDateTime', 'id', 'userPrincipalName']);
      }
      assert.match(g.countText, /^\d+$/);
      assert.equal(Number(g.countText), pending.length);
    });

    it('Graph SDK raises GraphError 400 with the code of Portico\'s envelope for an invalid address', () => {
      const e = succeeded(trusted).graph?.invalidEmail;
      assert.ok(e);
      assert.equal(e.isGraphError, true);
      assert.equal(e.statusCode, 400);
      assert.equal(e.code, 'Request_BadRequest');
      assert.match(e.message, /not-an-email-address/);
      assert.match(e.message, /invitedUserEmailAddress/);
      assert.match(e.requestId ?? '', GUID);
      assert.ok(e.date && Math.abs(Date.parse(e.date) - Date.now()) < 24 * 3_600_000, `innerError.date parsed as ${e.date}`);
      const body = e.body as { code: string; message: string; target?: string; innerError: Record<string, string> };
      assert.equal(body.code, 'Request_BadRequest');
      assert.equal(body.message, e.message);
      assert.equal(body.target, 'invitedUserEmailAddress');
      assert.equal(body.innerError['request-id'], e.requestId);
      assert.match(body.innerError['client-request-id'] ?? '', GUID);
    });

    it('Graph SDK raises GraphError 404 for an unknown user and 401 for a forged token', () => {
      const g = succeeded(trusted).graph;
      assert.ok(g);
      assert.equal(g.unknownUser.isGraphError, true);
      assert.equal(g.unknownUser.statusCode, 404);
      assert.equal(g.unknownUser.code, 'Request_ResourceNotFound');
      assert.match(g.unknownUser.requestId ?? '', GUID);
      assert.equal(g.forgedToken.isGraphError, true);
      assert.equal(g.forgedToken.statusCode, 401);
      assert.equal(g.forgedToken.code, 'InvalidAuthenticationToken');
      assert.match(g.forgedToken.requestId ?? '', GUID);
    });

    it('Graph SDK with .version(\'beta\') invites and reads the guest with beta\'s full property set', () => {
      const r = succeeded(trusted);
      const g = r.graph;
      assert.ok(g);
      assert.deepEqual(byMethodAndPath(r.exchanges, 'POST', '/beta/invitations').map((x) => x.status), [201]);
      const inv = g.betaInvitation;
      assert.equal(inv['@odata.context'], `${origin}/beta/$metadata#invitations/$entity`);
      assert.equal(inv.invitedUserEmailAddress, params.betaInvitee.email);
      assert.equal(inv.invitedUserDisplayName, params.betaInvitee.displayName);
      assert.equal(inv.sendInvitationMessage, false);
      assert.equal(inv.status, 'PendingAcceptance');
      const user = g.betaGuest;
      assert.equal(user['@odata.context'], `${origin}/beta/$metadata#users/$entity`);
      assert.equal(user.id, (inv.invitedUser as { id: string }).id);
      assert.equal(user.userPrincipalName, `katherine.johnson_nasa.example#EXT#@${tenant.initialDomain}`);
      assert.equal(user.userType, 'Guest');
      assert.equal(user.creationType, 'Invitation');
      assert.equal(user.externalUserState, 'PendingAcceptance');
      assert.equal(user.mail, params.betaInvitee.email);
      assert.equal(user.accountEnabled, true);
    });

    it('without NODE_EXTRA_CA_CERTS the same client fails: MSAL reports an error and TLS refuses the certificate', () => {
      assert.equal(untrusted.code, EXIT.msalFailed, describeRun(untrusted));
      const r = untrusted.result;
      assert.ok(r?.msalFailure, describeRun(untrusted));
      assert.deepEqual(r.env, { extraCaCerts: null, rejectUnauthorized: null });
      assert.equal(r.msal, undefined);
      assert.equal(r.graph, undefined);
      assert.equal(r.exchanges.length, 0);
      // MSAL hides the TLS failure behind its discovery error …
      assert.equal(r.msalFailure.error.errorCode, 'endpoints_resolution_error', JSON.stringify(r.msalFailure.error));
      // … which a direct request shows to be the untrusted certificate.
      const direct = r.msalFailure.directFetch;
      assert.ok('causeCode' in direct, JSON.stringify(direct));
      assert.match(direct.causeCode ?? '', /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    });
  });
}
