import { matchesHash } from '../random.js';
import { redemptionRules } from './redemption-rules.js';
import { spendForm, type LiveSession, type RedemptionDeps } from './redemption-session.js';

export type VerifyOutcome =
  | { kind: 'verified'; csrf: string; alreadyAccepted: boolean }
  /** Wrong code; `triesLeft` more may be made with this code. */
  | { kind: 'wrong'; csrf: string; triesLeft: number }
  /** No live code: never sent, expired, used, or its tries spent. A new one must be requested. */
  | { kind: 'expired' | 'locked' | 'none'; csrf: string };

/**
 * "Verify": checks the latest code mailed to this session. Each try is taken with one conditional
 * update before comparing, so at most five guesses per code are ever compared, even when a script
 * sends them in parallel through several processes.
 */
export async function verifyPasscode(deps: RedemptionDeps, live: LiveSession, csrf: string, presented: string): Promise<VerifyOutcome> {
  const next = await deps.store.transact((r) => spendForm(r, live, csrf, live.session.state === 'done' ? 'done' : 'landed'));
  const { tenant } = live.target;
  const code = await deps.store.redemption.latestCode(tenant.id, live.session.id);
  if (!code || code.used) return { kind: 'none', csrf: next };
  if (code.expiresDateTime <= deps.clock.now().toISOString()) return { kind: 'expired', csrf: next };
  if (!(await deps.store.transact((r) => r.redemption.takeAttempt(tenant.id, code.id, redemptionRules.maxTriesPerCode)))) {
    return { kind: 'locked', csrf: next };
  }
  const digits = presented.replace(/\s+/g, '');
  if (!/^\d+$/.test(digits) || !matchesHash(`${live.ref.token}:${digits}`, code.codeHash)) {
    return { kind: 'wrong', csrf: next, triesLeft: redemptionRules.maxTriesPerCode - code.attempts - 1 };
  }
  // An accepted guest is back through its link (graph-spec §5.2): no consent again, straight on.
  const alreadyAccepted = live.target.user.externalUserState === 'Accepted';
  const state = alreadyAccepted ? 'done' : 'verified';
  await deps.store.transact(async (r) => {
    await r.redemption.markCodeUsed(tenant.id, code.id);
    await r.redemption.advanceSession(tenant.id, live.session.id, live.session.csrfHash, { state, csrfHash: live.session.csrfHash, proof: 'passcode' });
  });
  live.session = { ...live.session, state, proof: 'passcode' };
  return { kind: 'verified', csrf: next, alreadyAccepted };
}
