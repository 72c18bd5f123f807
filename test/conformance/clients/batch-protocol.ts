/**
 * What test/conformance/batch-sdk.test.ts hands clients/batch-sdk-client.ts (as JSON in
 * PORTICO_CONFORMANCE) and what the client prints back (one JSON line on stdout).
 */
export interface BatchClientParams {
  /** `https://localhost:PORT`: the public URL Portico was started with. */
  origin: string;
  tenantId: string;
  tenantDomain: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  /** Invited in the parallel batch. */
  invitees: string[];
  /** Invited in the serial batch after a failing step: must never be invited. */
  blockedInvitee: string;
  invalidEmail: string;
}

/** One item as the SDK's BatchResponseContent hands it back: a fetch `Response`. */
export interface ItemSummary {
  status: number;
  contentType: string | null;
  /** `await response.json()`, or the text when that fails. */
  body: unknown;
}

export interface BatchRun {
  /** The body the SDK posted, as sent. */
  sent: { requests: Record<string, unknown>[] };
  responses: Record<string, ItemSummary>;
}

export interface BatchExchange {
  method: string;
  url: string;
  status: number;
  bearer: boolean;
}

export interface BatchClientResult {
  parallel?: BatchRun;
  serial?: BatchRun;
  beta?: BatchRun;
  exchanges: BatchExchange[];
}
