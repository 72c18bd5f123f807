import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestRate } from '../../src/outbox/request-rate.js';

/** The API load the dispatcher in `portico serve` yields to: ≥ 200 requests/s over the last half second or so. */
describe('RequestRate', () => {
  const at = { t: 1_000 };
  const rate = () => new RequestRate(200, 500, () => at.t);

  it('is not busy when idle or under interactive use', () => {
    at.t = 1_000;
    const r = rate();
    assert.equal(r.busy(), false);
    for (let i = 0; i < 20; i++) {
      at.t += 100;
      r.note();
    }
    assert.equal(r.busy(), false, '10 requests/s');
  });

  it('is busy under a sustained 1,000 requests/s, and not once they stop', () => {
    at.t = 1_000;
    const r = rate();
    for (let i = 0; i < 1_000; i++) {
      at.t += 1;
      r.note();
    }
    assert.equal(r.busy(), true);
    at.t += 600;
    assert.equal(r.busy(), false, 'half a window later only the older half counts, diluted');
    at.t += 2_000;
    assert.equal(r.busy(), false);
  });

  it('sees a burst at once, without waiting for a window to close', () => {
    at.t = 1_000;
    const r = rate();
    at.t += 10_000;
    for (let i = 0; i < 150; i++) r.note();
    assert.equal(r.busy(), true);
  });
});
