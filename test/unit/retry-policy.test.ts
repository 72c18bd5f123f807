import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, isRetryable, retryAfterMs } from '../../src/cli/graph/retry-policy.js';

describe('Graph retry policy', () => {
  const now = Date.parse('2026-11-27T00:00:00Z');
  const headers: [string | null, number | undefined][] = [
    ['10', 10_000], ['2.128', 2128], ['0', 0], [' 3 ', 3000],
    ['Fri, 27 Nov 2026 00:00:05 GMT', 5000], ['Thu, 26 Nov 2026 23:59:00 GMT', 0],
    [null, undefined], ['', undefined], ['soon', undefined], ['-1', undefined],
  ];
  for (const [header, ms] of headers) {
    it(`Retry-After ${JSON.stringify(header)} waits ${ms ?? 'the back-off'}`, () => assert.equal(retryAfterMs(header, now), ms));
  }
  it('retries throttling and server errors, not client errors or 501/505', () => {
    assert.deepEqual([429, 500, 502, 503, 504, 400, 401, 404, 409, 501, 505].map(isRetryable), [true, true, true, true, true, false, false, false, false, false, false]);
  });
  it('backs off exponentially up to a cap when the server gives no Retry-After', () => {
    const policy = { maxRetries: 8, baseDelayMs: 500, maxDelayMs: 4000 };
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffMs(policy, n, undefined)), [500, 1000, 2000, 4000, 4000]);
    assert.equal(backoffMs(policy, 5, 1500), 1500);
  });
});
