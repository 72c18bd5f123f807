/** The longest wait between two tries of a mail. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * Exponential backoff with jitter: the n-th retry waits base·2^(n-1), capped at an hour, then a
 * random half of that is taken off so that mails failing together (a mail server restarting) do
 * not all come back at the same instant ("equal jitter").
 */
export function retryDelayMs(baseMs: number, attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + (exp / 2) * random());
}
