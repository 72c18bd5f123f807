/**
 * What the conformance test hands a client process (as JSON in PORTICO_CONFORMANCE) and what the
 * client prints back (one JSON line on stdout). The client runs in its own process because Node
 * reads NODE_EXTRA_CA_CERTS, the only way it trusts the test certificate, at start-up.
 */
export const PARAMS_ENV = 'PORTICO_CONFORMANCE';

/** Exit codes of a client process. */
export const EXIT = { ok: 0, crashed: 1, msalFailed: 2 } as const;

export interface Invitee {
  email: string;
  displayName: string;
}

export interface ClientParams {
  /** `https://localhost:PORT`: the public URL Portico was started with. */
  origin: string;
  tenantId: string;
  /** The tenant's initial domain, e.g. `contoso.onmicrosoft.com`. */
  tenantDomain: string;
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  messageBody: string;
  cc: { address: string; name: string };
  /** Invited through v1.0; the first one carries the message body and the cc recipient. */
  invitees: Invitee[];
  /** Invited through beta. */
  betaInvitee: Invitee;
  invalidEmail: string;
}

export interface TokenSummary {
  authority: string;
  tokenType: string;
  fromCache: boolean;
  tenantId: string;
  scopes: string[];
  expiresInSeconds: number;
  /** The access token's claims as decoded by the client (it cannot verify them). */
  claims: Record<string, unknown>;
}

export interface ErrorSummary {
  name: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  /** `cause.code` of a failed `fetch`, e.g. a TLS verification failure. */
  causeCode?: string;
}

export interface GraphErrorSummary {
  isGraphError: boolean;
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  /** The SDK's `date`, parsed from `innerError.date`; null when it could not parse it. */
  date: string | null;
  /** The SDK keeps the envelope's `error` object as `body`. */
  body: unknown;
}

/** One request the Graph SDK sent through `fetch`, as seen on the wire. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  bearer: boolean;
  requestContentType: string | null;
  responseContentType: string | null;
}

export interface ClientResult {
  env: TrustEnvironment;
  /** Set when MSAL could not get a token (exit code 2); nothing else was tried. */
  msalFailure?: { error: ErrorSummary; directFetch: ErrorSummary | { status: number } };
  msal?: {
    byTenantId: TokenSummary;
    byTenantDomain: TokenSummary;
    repeated: { fromCache: boolean };
    wrongSecret: ErrorSummary;
  };
  tlsPeer?: { authorized: boolean; fingerprint256: string; protocol: string | null };
  graph?: {
    invitations: Record<string, unknown>[];
    guestByUpn: Record<string, unknown>;
    guestById: Record<string, unknown>;
    betaInvitation: Record<string, unknown>;
    betaGuest: Record<string, unknown>;
    firstPage: Record<string, unknown>;
    iterated: Record<string, unknown>[];
    organization: Record<string, unknown>;
    /** The documentation's "does this person exist?" query for the first invitee. */
    existence: Record<string, unknown>;
    /** `externalUserState eq 'PendingAcceptance'` on beta with ConsistencyLevel and $count. */
    pending: Record<string, unknown>;
    /** `/users/$count` as the SDK returns it. */
    countText: string;
    invalidEmail: GraphErrorSummary;
    unknownUser: GraphErrorSummary;
    /** A token whose signature belongs to another token. */
    forgedToken: GraphErrorSummary;
  };
  exchanges: Exchange[];
}

/** How the client process was told to trust TLS: what the parent test checks first. */
export interface TrustEnvironment { extraCaCerts: string | null; rejectUnauthorized: string | null }

/** Reads the parameters the parent test passed as JSON in PARAMS_ENV (client side). */
export function readClientParams<T>(): T {
  const params = JSON.parse(process.env[PARAMS_ENV] ?? 'null') as T | null;
  if (!params) throw new Error(`${PARAMS_ENV} is not set`);
  return params;
}

export function trustEnvironment(): TrustEnvironment {
  return { extraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null, rejectUnauthorized: process.env.NODE_TLS_REJECT_UNAUTHORIZED ?? null };
}

