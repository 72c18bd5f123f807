/**
 * A Portico customer's program that batches Graph calls with the real, unmodified
 * `@microsoft/microsoft-graph-client` helpers `BatchRequestContent` and `BatchResponseContent`, as
 * the SDK's batching docs show, after getting a token with `@azure/msal-node`. It trusts Portico's
 * certificate only through NODE_EXTRA_CA_CERTS. Run by test/conformance/batch-sdk.test.ts;
 * parameters come in PORTICO_CONFORMANCE and the outcome goes to stdout as one JSON line (see
 * batch-protocol.ts). Nothing is asserted here.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { BatchRequestContent, BatchResponseContent, Client, type BatchRequestStep } from '@microsoft/microsoft-graph-client';
import type { BatchClientParams, BatchClientResult, BatchExchange, BatchRun, ItemSummary } from './batch-protocol.js';
import { EXIT, readClientParams } from './protocol.js';

const p = readClientParams<BatchClientParams>();

const exchanges: BatchExchange[] = [];
const result: BatchClientResult = { exchanges };
let lastBatchBody: BatchRun['sent'] | undefined;

/** Watches (never alters) what the SDK sends; keeps the body of each `$batch` it posts. */
function observeFetch(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const req = new Request(input, init);
    if (new URL(req.url).pathname.endsWith('/$batch')) lastBatchBody = JSON.parse(await req.clone().text()) as BatchRun['sent'];
    const res = await realFetch(input, init);
    exchanges.push({ method: req.method, url: req.url, status: res.status, bearer: /^Bearer \S+$/.test(req.headers.get('authorization') ?? '') });
    return res;
  };
}

/** A step whose request is addressed as the SDK's docs do, at the service root without the version. */
function step(id: string, path: string, init: RequestInit = {}, dependsOn?: string[]): BatchRequestStep {
  return { id, request: new Request(`${p.origin}${path}`, { method: 'GET', ...init }), ...(dependsOn ? { dependsOn } : {}) };
}

const postJson = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function summarize(response: Response): Promise<ItemSummary> {
  const text = await response.text();
  let body: unknown = text;
  try { body = text === '' ? null : JSON.parse(text); } catch { /* keep the text */ }
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

async function runBatch(client: Client, steps: BatchRequestStep[], version = 'v1.0'): Promise<BatchRun> {
  const content = new BatchRequestContent(steps);
  const raw = await client.api('/$batch').version(version).post(await content.getContent()) as Record<string, unknown>;
  const sent = lastBatchBody;
  if (!sent) throw new Error('the $batch body was not observed');
  const responses: Record<string, ItemSummary> = {};
  for (const [id, response] of new BatchResponseContent(raw as never).getResponses()) responses[id] = await summarize(response);
  return { sent, responses };
}

async function main(): Promise<number> {
  const msal = new ConfidentialClientApplication({
    auth: { clientId: p.clientId, clientSecret: p.clientSecret, authority: `${p.origin}/${p.tenantId}`, knownAuthorities: [new URL(p.origin).host] },
  });
  const token = (await msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))?.accessToken ?? '';
  observeFetch();
  const client = Client.initWithMiddleware({
    baseUrl: `${p.origin}/`,
    customHosts: new Set([new URL(p.origin).hostname]),
    authProvider: { getAccessToken: async () => token },
    defaultVersion: 'v1.0',
  });
  const invite = (address: string) => ({ invitedUserEmailAddress: address, inviteRedirectUrl: p.redirectUrl, sendInvitationMessage: true });

  // Parallel: no step depends on another.
  result.parallel = await runBatch(client, [
    step('list', '/users?$top=1&$select=id,userPrincipalName', { headers: { ConsistencyLevel: 'eventual' } }),
    ...p.invitees.map((address, i) => step(`invite${i + 1}`, '/invitations', postJson(invite(address)))),
    step('invalid', '/invitations', postJson(invite(p.invalidEmail))),
    step('org', '/organization'),
    step('missing', `/users/${encodeURIComponent(`nobody@${p.tenantDomain}`)}`),
  ]);

  // Serial: each step depends on the one before; the second fails.
  result.serial = await runBatch(client, [
    step('1', '/organization'),
    step('2', `/users/${encodeURIComponent(`nobody@${p.tenantDomain}`)}`, {}, ['1']),
    step('3', '/invitations', postJson(invite(p.blockedInvitee)), ['2']),
    step('4', '/users', {}, ['3']),
  ]);

  const guest = (result.parallel.responses.invite1?.body as { invitedUser?: { id: string } } | undefined)?.invitedUser?.id ?? 'unknown';
  result.beta = await runBatch(client, [step('guest', `/users/${guest}`)], 'beta');
  return EXIT.ok;
}

main().then((code) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.stderr.write(`${JSON.stringify({ exchanges })}\n`);
  process.exitCode = EXIT.crashed;
});
