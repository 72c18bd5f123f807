/**
 * A Graph call that failed: Graph's error envelope (`error.code`, `error.message`) when the server
 * sent one, or the HTTP status otherwise. Printed as `error: <code>: <message>`.
 */
export class GraphRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly retryAfterMs?: number) {
    super(`${code}: ${message}`);
    this.name = 'GraphRequestError';
  }

  /** Reads the body of a failed response as Graph's envelope, or describes the status. */
  static fromBody(status: number, statusText: string, body: string, retryAfterMs?: number): GraphRequestError {
    try {
      const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } | string; error_description?: unknown };
      if (parsed.error && typeof parsed.error === 'object' && typeof parsed.error.code === 'string') {
        return new GraphRequestError(status, parsed.error.code, String(parsed.error.message ?? ''), retryAfterMs);
      }
      // An OAuth error (RFC 6749 §5.2) from a token endpoint.
      if (typeof parsed.error === 'string') {
        return new GraphRequestError(status, parsed.error, firstLine(String(parsed.error_description ?? '')), retryAfterMs);
      }
    } catch {
      // Not JSON: described by the status below.
    }
    return new GraphRequestError(status, `HTTP ${status}`, statusText || 'the server answered with an error', retryAfterMs);
  }
}

/** Entra's descriptions continue with trace and correlation ids on later lines. */
function firstLine(text: string): string {
  return text.split(/\r?\n/)[0];
}
