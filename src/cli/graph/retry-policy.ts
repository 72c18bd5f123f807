/**
 * When to try a Graph request again. Graph asks clients to wait for `Retry-After` on 429 and on
 * 503 (throttling guidance, graph-spec §6); the Graph SDKs' retry handler also retries 504. Other
 * 5xx are retried too: every request the CLI sends is safe to repeat (POST /invitations for the same
 * address finds the same user).
 */
export interface RetryPolicy {
  /** Attempts after the first. */
  maxRetries: number;
  /** Delay before retry n (0-based) when the server gave no Retry-After: base * 2^n, capped. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

export function isRetryable(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * `Retry-After` in milliseconds: delay-seconds (Graph's samples use fractions such as 2.128) or an
 * HTTP-date (RFC 9110 §10.2.3). Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs * 4);
  return Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}
