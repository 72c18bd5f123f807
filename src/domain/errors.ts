/**
 * The one error registry of the domain. Every refusal the domain can make has a stable code here;
 * each surface (Graph envelope, OAuth JSON, CLI) maps codes to its own wire shape. Messages are
 * safe to show: they never carry stack traces, SQL or secrets.
 */
export const errorKinds = {
  BadRequest: 400,
  InvalidProperty: 400,
  UnsupportedQuery: 400,
  Unauthenticated: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  UnsupportedMediaType: 415,
  NotImplemented: 501,
  ServiceUnavailable: 503,
} as const;

export type ErrorKind = keyof typeof errorKinds;

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Graph-style error code, e.g. `Request_BadRequest`. */
    readonly code: string,
    message: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return errorKinds[this.kind];
  }
}

export const badRequest = (message: string, target?: string) =>
  new DomainError('BadRequest', 'Request_BadRequest', message, target);

export const notFound = (message: string) =>
  new DomainError('NotFound', 'Request_ResourceNotFound', message);

/** Graph's wording for every authorization refusal on directory objects. */
export const insufficientPrivileges = () =>
  new DomainError('Forbidden', 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
