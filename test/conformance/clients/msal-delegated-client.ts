/**
 * A Portico customer's program using the real, unmodified `@azure/msal-node` for delegated sign-in
 * and certificate credentials, pointed at Portico's authority over HTTPS (trust only through
 * NODE_EXTRA_CA_CERTS). Run by test/conformance/msal-delegated.test.ts; it prints intermediate
 * JSON lines the test answers (device code, sign-in URL → code on stdin), then one result line.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { createInterface } from 'node:readline';
import {
  ConfidentialClientApplication, CryptoProvider, PublicClientApplication, type AuthenticationResult, type Configuration,
} from '@azure/msal-node';
import { ClientCertificateCredential } from '@azure/identity';
import { readClientParams } from './protocol.js';

export interface DelegatedParams {
  origin: string;
  tenantId: string;
  clientId: string;
  mode: 'certificate' | 'device' | 'auth-code';
  certPem?: string;
  keyPem?: string;
  redirectUri?: string;
  scopes: string[];
  inviteEmail?: string;
}

export interface TokenView { claims: Record<string, unknown>; idClaims: Record<string, unknown> | null; fromCache: boolean; accountId: string | null; scopes: string[] }

export interface DelegatedResult {
  sha256?: TokenView;
  sha1?: TokenView;
  /** @azure/identity's ClientCertificateCredential: the access token's claims. */
  identity?: Record<string, unknown>;
  first?: TokenView;
  silent?: TokenView;
  refreshed?: TokenView;
  me?: { status: number; body: Record<string, unknown> };
  invite?: { status: number; body: Record<string, unknown> };
  error?: { errorCode?: string; errorMessage?: string };
}

const p = readClientParams<DelegatedParams>();
const authority = `${p.origin}/${p.tenantId}`;
const auth = { clientId: p.clientId, authority, knownAuthorities: [new URL(p.origin).host] };
const claims = (jwt: string | undefined) => (jwt ? JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown> : null);
const view = (r: AuthenticationResult | null): TokenView => {
  if (!r) throw new Error('no token');
  return { claims: claims(r.accessToken) ?? {}, idClaims: claims(r.idToken), fromCache: r.fromCache, accountId: r.account?.homeAccountId ?? null, scopes: r.scopes };
};
const print = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function graph(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${p.origin}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

async function afterSignIn(pca: PublicClientApplication, first: AuthenticationResult, out: DelegatedResult): Promise<void> {
  out.first = view(first);
  const account = first.account;
  if (!account) throw new Error('MSAL built no account');
  out.silent = view(await pca.acquireTokenSilent({ account, scopes: p.scopes }));
  // forceRefresh makes MSAL spend the refresh token rather than answer from its cache.
  const refreshed = await pca.acquireTokenSilent({ account, scopes: p.scopes, forceRefresh: true });
  out.refreshed = view(refreshed);
  out.me = await graph(refreshed.accessToken, 'GET', '/v1.0/me');
  out.invite = await graph(refreshed.accessToken, 'POST', '/v1.0/invitations', {
    invitedUserEmailAddress: p.inviteEmail, inviteRedirectUrl: 'https://myapps.microsoft.com', sendInvitationMessage: false,
  });
}

async function main(): Promise<DelegatedResult> {
  const out: DelegatedResult = {};
  if (p.mode === 'certificate') {
    const der = new X509Certificate(p.certPem ?? '').raw;
    const byS256 = new ConfidentialClientApplication({ auth: { ...auth, clientCertificate: {
      thumbprintSha256: createHash('sha256').update(der).digest('hex'), privateKey: p.keyPem ?? '' } } });
    out.sha256 = view(await byS256.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    const bySha1 = new ConfidentialClientApplication({ auth: { ...auth, clientCertificate: {
      thumbprint: createHash('sha1').update(der).digest('hex'), privateKey: p.keyPem ?? '' } } } as Configuration);
    out.sha1 = view(await bySha1.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }));
    const credential = new ClientCertificateCredential(p.tenantId, p.clientId, { certificate: `${p.certPem ?? ''}\n${p.keyPem ?? ''}` },
      { authorityHost: p.origin, disableInstanceDiscovery: true });
    out.identity = claims((await credential.getToken('https://graph.microsoft.com/.default')).token) ?? {};
    return out;
  }
  const pca = new PublicClientApplication({ auth });
  if (p.mode === 'device') {
    const first = await pca.acquireTokenByDeviceCode({
      scopes: p.scopes,
      deviceCodeCallback: (r) => print({ deviceCode: { userCode: r.userCode, verificationUri: r.verificationUri, message: r.message } }),
    });
    if (!first) throw new Error('no device code result');
    await afterSignIn(pca, first, out);
    return out;
  }
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const url = await pca.getAuthCodeUrl({ scopes: p.scopes, redirectUri: p.redirectUri ?? '', codeChallenge: challenge, codeChallengeMethod: 'S256', state: 'conformance-state' });
  print({ signInUrl: url });
  const code = await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
  const first = await pca.acquireTokenByCode({ code, scopes: p.scopes, redirectUri: p.redirectUri ?? '', codeVerifier: verifier });
  await afterSignIn(pca, first, out);
  return out;
}

main().then((r) => { print(r); process.exit(0); }, (err: { errorCode?: string; errorMessage?: string; message?: string }) => {
  print({ error: { errorCode: err.errorCode, errorMessage: err.errorMessage ?? err.message } });
  process.exit(2);
});
