/**
 * A Portico customer's program that reads the audit log with the real, unmodified
 * `@microsoft/microsoft-graph-client` (fluent `.filter()`, `.top()`, `.orderby()`, `PageIterator`),
 * after inviting guests and getting a token with `@azure/msal-node`. It trusts Portico's
 * certificate only through NODE_EXTRA_CA_CERTS. Run by test/conformance/audit-sdk.test.ts;
 * parameters come in PORTICO_CONFORMANCE and the outcome goes to stdout as one JSON line.
 * Nothing is asserted here.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { EXIT, readClientParams } from './protocol.js';

export interface AuditClientParams {
  origin: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  invitees: string[];
}

export interface AuditRecordSeen { id: string; activityDisplayName: string; activityDateTime: string; targetResources: { id: string }[]; initiatedBy: { app: { appId: string } | null } }

export interface AuditClientResult {
  invitedIds: string[];
  /** Every record of a filtered walk with `$top=2`, page by page through PageIterator. */
  walked: AuditRecordSeen[];
  pages: number;
  oldestFirst: string[];
  byTarget: string[];
  single?: AuditRecordSeen;
  refused?: { statusCode: number; code: string | null };
}

const p = readClientParams<AuditClientParams>();
const result: AuditClientResult = { invitedIds: [], walked: [], pages: 0, oldestFirst: [], byTarget: [] };

async function main(): Promise<number> {
  const msal = new ConfidentialClientApplication({
    auth: { clientId: p.clientId, clientSecret: p.clientSecret, authority: `${p.origin}/${p.tenantId}`, knownAuthorities: [new URL(p.origin).host] },
  });
  const token = (await msal.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }))?.accessToken ?? '';
  const client = Client.initWithMiddleware({
    baseUrl: `${p.origin}/`, customHosts: new Set([new URL(p.origin).hostname]), authProvider: { getAccessToken: async () => token }, defaultVersion: 'v1.0',
  });
  for (const address of p.invitees) {
    const invitation = await client.api('/invitations').post({ invitedUserEmailAddress: address, inviteRedirectUrl: p.redirectUrl });
    result.invitedIds.push(invitation.invitedUser.id);
  }
  const first: PageCollection = await client.api('/auditLogs/directoryAudits').filter("activityDisplayName eq 'Invite external user'").top(2).get();
  // The SDK fetches the next pages from @odata.nextLink; count what it fetches.
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    if (new Request(input, init).url.includes('skiptoken')) result.pages++;
    return realFetch(input, init);
  };
  result.pages = 1;
  await new PageIterator(client, first, (record: AuditRecordSeen) => { result.walked.push(record); return true; }).iterate();
  globalThis.fetch = realFetch;
  const asc: PageCollection = await client.api('/auditLogs/directoryAudits').orderby('activityDateTime asc').select('id,activityDisplayName').get();
  result.oldestFirst = (asc.value as { id: string }[]).map((r) => r.id);
  const target: PageCollection = await client.api('/auditLogs/directoryAudits').filter(`targetResources/any(t:t/id eq '${result.invitedIds[1]}')`).get();
  result.byTarget = (target.value as AuditRecordSeen[]).map((r) => r.targetResources[0].id);
  result.single = await client.api(`/auditLogs/directoryAudits/${result.walked[0]?.id ?? 'none'}`).get();
  try {
    await client.api('/auditLogs/directoryAudits').filter("resultReason eq 'x'").get();
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    result.refused = { statusCode: err.statusCode, code: err.code };
  }
  return EXIT.ok;
}

main().then((code) => {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = EXIT.crashed;
});
