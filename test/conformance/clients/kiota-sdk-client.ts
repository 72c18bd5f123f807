/**
 * A Portico customer's program written against the real, unmodified Kiota-based Microsoft Graph SDK
 * (`@microsoft/msgraph-sdk` with the `-users` and `-invitations` fluent packages) and
 * `@azure/identity`, configured as their READMEs show plus the settings a non-Microsoft host needs
 * (authorityHost, allowed hosts, baseUrl). It trusts Portico's certificate only through
 * NODE_EXTRA_CA_CERTS. Run by test/conformance/kiota-sdk.test.ts; parameters come as JSON in
 * PORTICO_CONFORMANCE and the outcome goes to stdout as one JSON line (see kiota-protocol.ts).
 * Nothing is asserted here.
 */
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ClientSecretCredential } from '@azure/identity';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import type { Invitation, User } from '@microsoft/msgraph-sdk/models/index.js';
import type { ODataError } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import '@microsoft/msgraph-sdk-invitations';
import '@microsoft/msgraph-sdk-users';
import { KIOTA_EXIT, USER_SELECT, type KiotaClientParams, type KiotaClientResult, type KiotaError, type KiotaExchange, type KiotaInvitation, type KiotaUser } from './kiota-protocol.js';
import { readClientParams, trustEnvironment } from './protocol.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const p = readClientParams<KiotaClientParams>();

const exchanges: KiotaExchange[] = [];
const result: KiotaClientResult = {
  env: trustEnvironment(),
  exchanges,
};

/**
 * Watches (never alters) what the SDK sends: Kiota's HTTP client calls the global `fetch` for every
 * Graph request. (@azure/identity reaches the token endpoint through node:https, not fetch.)
 */
function observeFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    const requestBody = req.body ? await req.clone().text() : null;
    const bearer = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '');
    if (bearer && !result.tokenClaims) result.tokenClaims = claimsOf(bearer[1]);
    const res = await realFetch(input, init);
    exchanges.push({
      method: req.method,
      url: req.url,
      status: res.status,
      bearer: bearer !== null,
      consistencyLevel: req.headers.get('consistencylevel'),
      requestContentType: req.headers.get('content-type'),
      requestBody,
      responseContentType: res.headers.get('content-type'),
    });
    return res;
  };
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const plain = (data: Record<string, unknown> | undefined | null): Record<string, unknown> => JSON.parse(JSON.stringify(data ?? {})) as Record<string, unknown>;

function summarizeInvitation(i: Invitation | undefined): KiotaInvitation {
  if (!i) throw new Error('invitations.post resolved to undefined');
  const info = i.invitedUserMessageInfo;
  return {
    id: i.id ?? null,
    invitedUserEmailAddress: i.invitedUserEmailAddress ?? null,
    invitedUserDisplayName: i.invitedUserDisplayName ?? null,
    invitedUserType: i.invitedUserType ?? null,
    inviteRedirectUrl: i.inviteRedirectUrl ?? null,
    inviteRedeemUrl: i.inviteRedeemUrl ?? null,
    sendInvitationMessage: i.sendInvitationMessage ?? null,
    resetRedemption: i.resetRedemption ?? null,
    status: i.status ?? null,
    invitedUser: i.invitedUser ? { id: i.invitedUser.id ?? null, userPrincipalName: i.invitedUser.userPrincipalName ?? null } : null,
    invitedUserMessageInfo: info ? {
      customizedMessageBody: info.customizedMessageBody ?? null,
      ccRecipients: (info.ccRecipients ?? []).map((r) => ({ name: r.emailAddress?.name ?? null, address: r.emailAddress?.address ?? null })),
    } : null,
    additionalData: plain(i.additionalData),
  };
}

function summarizeUser(u: User | undefined): KiotaUser {
  if (!u) throw new Error('a user request resolved to undefined');
  const changed = u.externalUserStateChangeDateTime;
  return {
    id: u.id ?? null,
    displayName: u.displayName ?? null,
    userPrincipalName: u.userPrincipalName ?? null,
    userType: u.userType ?? null,
    mail: u.mail ?? null,
    externalUserState: u.externalUserState ?? null,
    externalUserStateChangeDateTime: changed instanceof Date && !Number.isNaN(changed.getTime()) ? changed.toISOString() : null,
    additionalData: plain(u.additionalData),
  };
}

/** Kiota throws the deserialized ODataError (a model object, not necessarily an Error instance). */
function summarizeError(err: unknown): KiotaError {
  const e = (err ?? {}) as Partial<ODataError> & { name?: string; message?: string };
  const main = e.errorEscaped ?? null;
  const date = main?.innerError?.date;
  return {
    name: e.name ?? (err instanceof Error ? err.constructor.name : typeof err),
    isODataError: typeof e.responseStatusCode === 'number' && main !== null,
    statusCode: typeof e.responseStatusCode === 'number' ? e.responseStatusCode : null,
    message: e.message ?? String(err),
    code: main?.code ?? null,
    errorMessage: main?.message ?? null,
    target: main?.target ?? null,
    requestId: main?.innerError?.requestId ?? null,
    clientRequestId: main?.innerError?.clientRequestId ?? null,
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
  };
}

/** The first `code` along an error's `cause` chain, e.g. a TLS verification failure. */
function causeCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return null;
}

/** The server's certificate as a default-configured Node HTTPS client sees it. */
function tlsPeer(): Promise<NonNullable<KiotaClientResult['tlsPeer']>> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${p.origin}/${p.tenantId}/v2.0/.well-known/openid-configuration`, (res) => {
      const socket = res.socket as TLSSocket;
      resolve({ authorized: socket.authorized, fingerprint256: socket.getPeerCertificate().fingerprint256, protocol: socket.getProtocol() });
      res.resume();
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<number> {
  observeFetch();
  const credential = new ClientSecretCredential(p.tenantId, p.clientId, p.clientSecret, { authorityHost: p.origin, disableInstanceDiscovery: true });
  const authProvider = new AzureIdentityAuthenticationProvider(credential, [GRAPH_SCOPE], undefined, new Set([new URL(p.origin).hostname]));
  const adapter = new GraphRequestAdapter(authProvider);
  adapter.baseUrl = `${p.origin}/v1.0`;
  const client = createGraphServiceClient(adapter);

  const invite = (invitee: KiotaClientParams['invitees'][number], first: boolean) => client.invitations.post({
    invitedUserEmailAddress: invitee.email,
    invitedUserDisplayName: invitee.displayName,
    inviteRedirectUrl: p.redirectUrl,
    sendInvitationMessage: true,
    ...(first ? { invitedUserMessageInfo: { customizedMessageBody: p.messageBody, ccRecipients: [{ emailAddress: { address: p.cc.address, name: p.cc.name } }] } } : {}),
  });

  // The first call also gets the token; when that fails nothing reaches Graph.
  const invitations: KiotaInvitation[] = [];
  try {
    invitations.push(summarizeInvitation(await invite(p.invitees[0], true)));
  } catch (err) {
    if (exchanges.length > 0) throw err;
    // MSAL inside @azure/identity hides a TLS failure behind endpoints_resolution_error: ask directly.
    const e = err as { name?: string; message?: string };
    const direct = await tlsPeer().then(() => null, (directErr: unknown) => causeCode(directErr));
    result.tokenFailure = { name: e.name ?? typeof err, message: e.message ?? String(err), causeCode: causeCode(err), directCauseCode: direct };
    return KIOTA_EXIT.tokenFailed;
  }
  result.tlsPeer = await tlsPeer();
  for (const invitee of p.invitees.slice(1)) invitations.push(summarizeInvitation(await invite(invitee, false)));

  const invitedId = invitations[0].invitedUser?.id ?? '';
  const guestById = summarizeUser(await client.users.byUserId(invitedId).get({ queryParameters: { select: USER_SELECT } }));

  const pendingPage = await client.users.get({
    queryParameters: { filter: "externalUserState eq 'PendingAcceptance'", count: true, select: USER_SELECT },
    headers: { ConsistencyLevel: 'eventual' },
  });
  const pending = {
    odataCount: pendingPage?.odataCount ?? null,
    odataNextLink: pendingPage?.odataNextLink ?? null,
    value: (pendingPage?.value ?? []).map((u) => summarizeUser(u)),
    additionalData: plain(pendingPage?.additionalData),
  };

  const countValue: unknown = await client.users.count.get({ headers: { ConsistencyLevel: 'eventual' } });

  let invalidEmail: KiotaError;
  try {
    await client.invitations.post({ invitedUserEmailAddress: p.invalidEmail, inviteRedirectUrl: p.redirectUrl });
    throw new Error('inviting an invalid address succeeded');
  } catch (err) {
    invalidEmail = summarizeError(err);
  }

  let unknownUser: KiotaError;
  try {
    await client.users.byUserId('00000000-0000-0000-0000-000000000000').get();
    throw new Error('reading a user that does not exist succeeded');
  } catch (err) {
    unknownUser = summarizeError(err);
  }

  result.kiota = { invitations, guestById, pending, count: { value: countValue, type: typeof countValue }, invalidEmail, unknownUser };
  return KIOTA_EXIT.ok;
}

main().then((code) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : JSON.stringify(err)}\n`);
  process.stderr.write(`${JSON.stringify({ error: summarizeError(err), exchanges })}\n`);
  process.exitCode = KIOTA_EXIT.crashed;
});
