import type { MailTransport } from '../ports.js';
import { newId, newPasscode, sha256 } from '../random.js';
import { redemptionErrors, redemptionRules } from './redemption-rules.js';
import type { RedemptionTarget } from './redemption-ticket.js';
import { spendForm, type LiveSession, type RedemptionDeps } from './redemption-session.js';

export interface PasscodeMailer {
  transport: MailTransport;
  /** Renders the passcode mail in the page's language, from the same sender as invitation mail. */
  render(code: string, target: RedemptionTarget): { from: string; subject: string; text: string; html: string };
  /** Message-ID for a code mail (the invitation mail's domain). */
  messageId(codeId: string): string;
}

export type SendOutcome = { kind: 'sent'; csrf: string } | { kind: 'throttled'; csrf: string; retryAfterSeconds: number };

/**
 * "Send code": an 8-digit email one-time passcode valid 30 minutes (graph-spec §5.2), mailed at
 * once through the transport (never through the outbox: no code is ever stored in clear). Its hash
 * is keyed with the session token, which only the browser holds, so a leaked table reveals nothing.
 */
export async function sendPasscode(deps: RedemptionDeps & { mailer: PasscodeMailer }, live: LiveSession, csrf: string): Promise<SendOutcome> {
  const next = await deps.store.transact((r) => spendForm(r, live, csrf, live.session.state === 'done' ? 'done' : 'landed'));
  const now = deps.clock.now();
  const { tenant, invitation } = live.target;
  const code = newPasscode(redemptionRules.codeDigits);
  const id = newId();
  // Check and insert in one unit, so two quick clicks cannot both pass the throttle.
  const wait = await deps.store.transact(async (r) => {
    const recent = await r.redemption.codesSentSince(tenant.id, invitation.id, new Date(now.getTime() - 3_600_000).toISOString());
    const ms = throttleWaitMs(recent, now);
    if (ms > 0) return ms;
    await r.redemption.insertCode({
      tenantId: tenant.id, id, invitationId: invitation.id, sessionId: live.session.id, codeHash: sha256(`${live.ref.token}:${code}`),
      attempts: 0, used: false, createdDateTime: now.toISOString(), expiresDateTime: new Date(now.getTime() + redemptionRules.codeLifetimeMs).toISOString(),
    });
    return 0;
  });
  if (wait > 0) return { kind: 'throttled', csrf: next, retryAfterSeconds: Math.ceil(wait / 1000) };
  const mail = deps.mailer.render(code, live.target);
  try {
    await deps.mailer.transport.send({
      messageId: deps.mailer.messageId(id), to: [invitation.invitedUserEmailAddress], cc: [], ...mail,
    });
  } catch (err) {
    // A code nobody received must neither work nor count against the throttle.
    await deps.store.transact((r) => r.redemption.deleteCode(tenant.id, id));
    throw redemptionErrors.mailFailed(err);
  }
  return { kind: 'sent', csrf: next };
}

/** How long until another code may be sent, given the last hour's send times (newest first). */
function throttleWaitMs(recent: string[], now: Date): number {
  if (recent.length === 0) return 0;
  const sinceLast = now.getTime() - Date.parse(recent[0]);
  const burst = Math.max(0, redemptionRules.resendIntervalMs - sinceLast);
  const hourly = recent.length >= redemptionRules.codesPerHour
    ? Date.parse(recent[redemptionRules.codesPerHour - 1]) + 3_600_000 - now.getTime()
    : 0;
  return Math.max(burst, hourly);
}
