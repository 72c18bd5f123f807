/**
 * A Portico customer's program, written against the real, unmodified `@azure/msal-node` and
 * `@microsoft/microsoft-graph-client` exactly as their docs show, pointed at Portico over HTTPS.
 * It trusts Portico's certificate only through NODE_EXTRA_CA_CERTS. Run by
 * test/conformance/msal-graph-client.test.ts; parameters come as JSON in PORTICO_CONFORMANCE and the
 * outcome goes to stdout as one JSON line (see protocol.ts). Nothing is asserted here.
 */
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { Client, GraphError, PageIterator } from '@microsoft/microsoft-graph-client';
import { EXIT, readClientParams, trustEnvironment, type ClientParams, type ClientResult, type ErrorSummary, type Exchange, type GraphErrorSummary, type TokenSummary } from './protocol.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

const p = readClientParams<ClientParams>();
const { host } = new URL(p.origin);

const exchanges: Exchange[] = [];
const result: ClientResult = {
  env: trustEnvironment(),
  exchanges,
};

/** Watches (never alters) what the Graph SDK sends: it calls the global `fetch` for every request. */
function observeFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    const res = await realFetch(input, init);
    exchanges.push({
      method: req.method,
      url: req.url,
      status: res.status,
      bearer: /^Bearer \S+$/.test(req.headers.get('authorization') ?? ''),
      requestContentType: req.headers.get('content-type'),
      responseContentType: res.headers.get('content-type'),
    });
    return res;
  };
}

function msalApp(tenant: string, secret = p.clientSecret): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: { clientId: p.clientId, clientSecret: secret, authority: `${p.origin}/${tenant}`, knownAuthorities: [host] },
  });
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function summarizeToken(r: AuthenticationResult | null): TokenSummary {
  if (!r) throw new Error('acquireTokenByClientCredential returned null');
  return {
    authority: r.authority,
    tokenType: r.tokenType,
    fromCache: r.fromCache,
    tenantId: r.tenantId,
    scopes: r.scopes,
    expiresInSeconds: r.expiresOn ? Math.round((r.expiresOn.getTime() - Date.now()) / 1000) : -1,
    claims: claimsOf(r.accessToken),
  };
}

function summarizeError(err: unknown): ErrorSummary {
  const e = err as { name?: string; errorCode?: string; errorMessage?: string; subError?: string; message?: string; cause?: { code?: string } };
  return { name: e.name ?? typeof err, errorCode: e.errorCode, errorMessage: e.errorMessage ?? e.message, subError: e.subError, causeCode: e.cause?.code };
}

function summarizeGraphError(err: unknown): GraphErrorSummary {
  if (!(err instanceof GraphError)) throw err;
  let body: unknown = err.body;
  try { body = typeof err.body === 'string' ? JSON.parse(err.body) : err.body; } catch { /* keep the text */ }
  const date = err.date instanceof Date && !Number.isNaN(err.date.getTime()) ? err.date.toISOString() : null;
  return { isGraphError: true, statusCode: err.statusCode, code: err.code, message: err.message, requestId: err.requestId, date, body };
}

/** The server's certificate as a default-configured Node HTTPS client sees it. */
function tlsPeer(): Promise<NonNullable<ClientResult['tlsPeer']>> {
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

async function acquire(tenant: string): Promise<AuthenticationResult | null> {
  return msalApp(tenant).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
}

async function main(): Promise<number> {
  // 1. MSAL: the tenant by GUID, then by domain; a second call is served from MSAL's cache.
  const byIdApp = msalApp(p.tenantId);
  let first: AuthenticationResult | null;
  try {
    first = await byIdApp.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  } catch (err) {
    // Say why, underneath MSAL's endpoints_resolution_error: fetch the discovery document directly.
    let directFetch: ErrorSummary | { status: number };
    try {
      directFetch = { status: (await fetch(`${p.origin}/${p.tenantId}/v2.0/.well-known/openid-configuration`)).status };
    } catch (fetchErr) {
      directFetch = summarizeError(fetchErr);
    }
    result.msalFailure = { error: summarizeError(err), directFetch };
    return EXIT.msalFailed;
  }
  const repeated = await byIdApp.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  const byDomain = await acquire(p.tenantDomain);
  let wrongSecret: ErrorSummary;
  try {
    await msalApp(p.tenantId, `${p.clientSecret}x`).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    wrongSecret = { name: 'no error' };
  } catch (err) {
    wrongSecret = summarizeError(err);
  }
  result.msal = { byTenantId: summarizeToken(first), byTenantDomain: summarizeToken(byDomain), repeated: { fromCache: repeated?.fromCache ?? false }, wrongSecret };
  result.tlsPeer = await tlsPeer();

  // 2. The Graph SDK with that token, configured as its docs show for a non-Microsoft host.
  const token = first?.accessToken ?? '';
  observeFetch();
  const client = Client.initWithMiddleware({
    baseUrl: `${p.origin}/`,
    customHosts: new Set([new URL(p.origin).hostname]),
    authProvider: { getAccessToken: async () => token },
    defaultVersion: 'v1.0',
  });

  const invitations: Record<string, unknown>[] = [];
  for (const [i, invitee] of p.invitees.entries()) {
    invitations.push(await client.api('/invitations').post({
      invitedUserEmailAddress: invitee.email,
      inviteRedirectUrl: p.redirectUrl,
      invitedUserDisplayName: invitee.displayName,
      sendInvitationMessage: true,
      ...(i === 0 ? { invitedUserMessageInfo: { customizedMessageBody: p.messageBody, ccRecipients: [{ emailAddress: { address: p.cc.address, name: p.cc.name } }] } } : {}),
    }) as Record<string, unknown>);
  }
  const invited = invitations[0].invitedUser as { id: string; userPrincipalName: string };
  const guestByUpn = await client.api(`/users/${encodeURIComponent(invited.userPrincipalName)}`).select('displayName,userType,externalUserState,mail').get() as Record<string, unknown>;
  const guestById = await client.api(`/users/${invited.id}`).get() as Record<string, unknown>;

  const betaInvitation = await client.api('/invitations').version('beta').post({
    invitedUserEmailAddress: p.betaInvitee.email, inviteRedirectUrl: p.redirectUrl, invitedUserDisplayName: p.betaInvitee.displayName, sendInvitationMessage: false,
  }) as Record<string, unknown>;
  const betaGuest = await client.api(`/users/${(betaInvitation.invitedUser as { id: string }).id}`).version('beta').get() as Record<string, unknown>;

  const firstPage = await client.api('/users').select('id,userPrincipalName,userType').top(2).get() as Record<string, unknown>;
  const iterated: Record<string, unknown>[] = [];
  await new PageIterator(client, firstPage as never, (user) => { iterated.push(user as Record<string, unknown>); return true; }).iterate();

  const organization = await client.api('/organization').get() as Record<string, unknown>;

  // The reference documentation's two queries, through the SDK's own query builders.
  const address = (invitations[0].invitedUserEmailAddress as string);
  const existence = await client.api('/users')
    .filter(`userPrincipalName eq '${address}' or mail eq '${address}' or proxyAddresses/any(x:x eq 'SMTP:${address}') or signInNames/any(x:x eq '${address}') or otherMails/any(x:x eq '${address}')`)
    .select('id,mail').get() as Record<string, unknown>;
  const pending = await client.api('/users').version('beta').header('ConsistencyLevel', 'eventual').count(true)
    .filter("externalUserState eq 'PendingAcceptance'")
    .select('displayName,userPrincipalName,externalUserState,externalUserStateChangeDateTime').get() as Record<string, unknown>;
  const countText = String(await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get());

  let invalidEmail: GraphErrorSummary;
  try {
    await client.api('/invitations').post({ invitedUserEmailAddress: p.invalidEmail, inviteRedirectUrl: p.redirectUrl });
    throw new Error('inviting an invalid address succeeded');
  } catch (err) {
    invalidEmail = summarizeGraphError(err);
  }

  let unknownUser: GraphErrorSummary;
  try {
    await client.api(`/users/${encodeURIComponent(`nobody@${p.tenantDomain}`)}`).get();
    throw new Error('reading a user that does not exist succeeded');
  } catch (err) {
    unknownUser = summarizeGraphError(err);
  }

  const other = byDomain?.accessToken.split('.')[2] ?? '';
  const forged = `${token.split('.').slice(0, 2).join('.')}.${other}`;
  const forger = Client.initWithMiddleware({
    baseUrl: `${p.origin}/`, customHosts: new Set([new URL(p.origin).hostname]), authProvider: { getAccessToken: async () => forged }, defaultVersion: 'v1.0',
  });
  let forgedToken: GraphErrorSummary;
  try {
    await forger.api('/organization').get();
    throw new Error('a forged token was accepted');
  } catch (err) {
    forgedToken = summarizeGraphError(err);
  }

  result.graph = { invitations, guestByUpn, guestById, betaInvitation, betaGuest, firstPage, iterated, organization, existence, pending, countText, invalidEmail, unknownUser, forgedToken };
  return EXIT.ok;
}

main().then((code) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.stderr.write(`${JSON.stringify({ error: summarizeError(err), exchanges })}\n`);
  process.exitCode = EXIT.crashed;
});
