import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Housekeeper } from '../../../src/domain/housekeeping/housekeeper.js';
import { PURGE_BATCH, purgeExpired } from '../../../src/domain/housekeeping/purge-expired.js';
import type { Store } from '../../../src/domain/ports.js';
import { openStore } from '../../../src/storage/open-store.js';
import { createDatabase, dialects, type TestDatabase } from '../../helpers/databases.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const MIN = 60_000;

/**
 * The housekeeper's sweep on a real database: what can never be used again goes, everything else
 * stays, on both dialects. Rows are written through the store's own repositories.
 */
describe('purging expired sign-in and redemption rows', { concurrency: true }, () => {
  for (const dialect of dialects()) {
    describe(dialect, { concurrency: false }, () => {
      let db: TestDatabase;
      let store: Store;
      const clock = new ManualClock();
      const tenantId = randomUUID();
      const at = (offsetMs: number) => new Date(clock.now().getTime() + offsetMs).toISOString();
      const count = async (table: string) => Number((await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

      before(async () => {
        db = await createDatabase(dialect);
        store = await openStore(db.url);
      });
      after(async () => {
        await store.close();
        await db.drop();
      });

      it('removes expired codes, tokens, sessions and replay records and keeps live ones', async () => {
        for (const [name, expires] of [['old', at(-MIN)], ['live', at(10 * MIN)]] as const) {
          await store.authCodes.insert({ tenantId, codeHash: `code-${name}`, clientId: 'c', userId: 'u', redirectUri: 'https://app.example/cb',
            scopes: ['openid'], nonce: null, codeChallenge: null, codeChallengeMethod: null, authTime: at(-2 * MIN), expiresDateTime: expires });
          await store.refreshTokens.insert({ tenantId, tokenHash: `rt-${name}`, familyId: 'f', clientId: 'c', userId: 'u', scopes: ['openid'],
            authTime: at(-2 * MIN), createdDateTime: at(-2 * MIN), expiresDateTime: expires, rotatedDateTime: null, revokedDateTime: null });
          await store.sessions.insert({ tenantId, idHash: `s-${name}`, userId: 'u', authTime: at(-2 * MIN), expiresDateTime: expires });
          await store.deviceCodes.insert({ tenantId, deviceCodeHash: `d-${name}`, userCode: `UC-${name}-${dialect}`, clientId: 'c', scopes: ['openid'],
            state: 'pending', userId: null, authTime: null, intervalSeconds: 5, lastPollDateTime: null, expiresDateTime: expires });
          assert.equal(await store.assertionReplays.remember(tenantId, 'c', `jti-${name}`, expires, at(-2 * MIN)), true);
        }
        const removed = await purgeExpired(store, clock);
        for (const table of ['auth_codes', 'refresh_tokens', 'sign_in_sessions', 'device_codes', 'assertion_replays']) {
          assert.equal(removed[table], 1, `${table}: ${JSON.stringify(removed)}`);
          assert.equal(await count(table), 1, table);
        }
        assert.equal((await store.authCodes.take(tenantId, 'code-live', clock.now().toISOString(), 'family')).kind, 'taken');
        assert.ok(await store.refreshTokens.find(tenantId, 'rt-live'));
        assert.equal(await store.refreshTokens.find(tenantId, 'rt-old'), undefined);
        assert.ok(await store.sessions.find(tenantId, 's-live'));
        assert.ok(await store.deviceCodes.findByDeviceCode(tenantId, 'd-live'));
        // A replayed assertion whose record is still live is still refused.
        assert.equal(await store.assertionReplays.remember(tenantId, 'c', 'jti-live', at(10 * MIN), clock.now().toISOString()), false);
      });

      it('keeps failure counters that still count or still lock, and removes the rest', async () => {
        const window = 15 * MIN;
        await store.throttles.put({ tenantId, key: 'account:closed', failures: 3, windowStartDateTime: at(-window - MIN), lockedUntilDateTime: null });
        await store.throttles.put({ tenantId, key: 'account:lock-over', failures: 12, windowStartDateTime: at(-window - MIN), lockedUntilDateTime: at(-MIN) });
        await store.throttles.put({ tenantId, key: 'account:locked', failures: 12, windowStartDateTime: at(-window - MIN), lockedUntilDateTime: at(30 * MIN) });
        await store.throttles.put({ tenantId, key: 'account:counting', failures: 2, windowStartDateTime: at(-MIN), lockedUntilDateTime: null });
        const removed = await purgeExpired(store, clock);
        assert.equal(removed.sign_in_throttles, 2);
        assert.equal(await store.throttles.get(tenantId, 'account:closed'), undefined);
        assert.equal(await store.throttles.get(tenantId, 'account:lock-over'), undefined);
        assert.ok(await store.throttles.get(tenantId, 'account:locked'));
        assert.ok(await store.throttles.get(tenantId, 'account:counting'));
      });

      it('keeps expired passcodes an hour for the resend throttle, then removes them with their sessions', async () => {
        const invitationId = randomUUID();
        for (const [name, expires] of [['recent', at(-30 * MIN)], ['old', at(-61 * MIN)]] as const) {
          await store.redemption.insertSession({ tenantId, id: `rs-${name}`, invitationId, state: 'landed', csrfHash: 'x', proof: null, createdDateTime: at(-25 * 60 * MIN), expiresDateTime: expires });
          await store.redemption.insertCode({ tenantId, id: `rc-${name}`, invitationId, sessionId: `rs-${name}`, codeHash: 'h', attempts: 0, used: false,
            createdDateTime: at(-90 * MIN), expiresDateTime: expires });
        }
        const removed = await purgeExpired(store, clock);
        assert.equal(removed.redemption_codes, 1);
        assert.equal(removed.redemption_sessions, 1);
        assert.ok(await store.redemption.findSession(tenantId, 'rs-recent'));
        assert.equal(await store.redemption.findSession(tenantId, 'rs-old'), undefined);
        assert.equal((await store.redemption.latestCode(tenantId, 'rs-recent'))?.id, 'rc-recent');
        assert.equal(await store.redemption.latestCode(tenantId, 'rs-old'), undefined);
      });

      it('removes a backlog larger than one batch in one sweep', async () => {
        const n = PURGE_BATCH * 2 + 7;
        await store.transact(async (r) => {
          for (let i = 0; i < n; i++) {
            await r.sessions.insert({ tenantId, idHash: `backlog-${i}`, userId: 'u', authTime: at(-2 * MIN), expiresDateTime: at(-MIN - i) });
          }
        });
        const before = await count('sign_in_sessions');
        const removed = await purgeExpired(store, clock);
        assert.equal(removed.sign_in_sessions, n);
        assert.equal(await count('sign_in_sessions'), before - n);
      });

      it('the housekeeper sweeps after its first delay, reports what it removed, and stops cleanly', async () => {
        await store.sessions.insert({ tenantId, idHash: 'swept', userId: 'u', authTime: at(-2 * MIN), expiresDateTime: at(-MIN) });
        const logged: object[] = [];
        const keeper = new Housekeeper(store, clock, { info: (d) => logged.push(d), warn: (d) => logged.push({ warn: d }) }, 60_000, 10);
        keeper.start();
        for (let i = 0; i < 200 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        await keeper.stop();
        assert.equal(await store.sessions.find(tenantId, 'swept'), undefined);
        assert.deepEqual(logged, [{ removed: { auth_codes: 0, refresh_tokens: 0, sign_in_sessions: 1, device_codes: 0, assertion_replays: 0,
          redemption_codes: 0, redemption_sessions: 0, sign_in_throttles: 0 } }]);
      });
    });
  }
});
