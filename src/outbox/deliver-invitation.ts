import type { Clock } from '../domain/clock.js';
import { invitationEmailAudit, type PrepareDeps, type PrepareOutcome } from '../domain/mail/prepare-invitation-mail.js';
import type { ClaimedMessage } from '../domain/model.js';
import type { MailTransport, OutboxOutcome } from '../domain/ports.js';
import { MailDeliveryError } from './mail-delivery-error.js';
import type { MailTemplates } from './mail-templates.js';
import { retryDelayMs } from './retry-schedule.js';
import type { Sender } from './sender.js';

export interface DeliveryContext extends PrepareDeps {
  clock: Clock;
  mail: MailTransport;
  templates: MailTemplates;
  sender: Sender;
  maxAttempts: number;
  retryDelayMs: number;
}

/**
 * One claimed invitation mail, prepared with its batch (`preparing`, from prepareInvitationMails:
 * the link's ticket is minted and its hash stored): render, send, and record the outcome with its
 * audit record ("Invitation Email") in one unit of work. A lost claim (this sender outlived its
 * lease and another took the row) records nothing.
 */
export async function deliverInvitation(
  ctx: DeliveryContext, claimed: ClaimedMessage, claimToken: string, preparing: Promise<PrepareOutcome>,
): Promise<OutboxOutcome['state']> {
  const messageId = ctx.sender.messageId(claimed.id);
  const now = () => ctx.clock.now().toISOString();
  const settle = (o: Omit<OutboxOutcome, 'at' | 'messageId'>, audit?: (at: string) => Parameters<typeof ctx.store.audit.append>[0]) =>
    ctx.store.transact(async (r) => {
      const at = now();
      if (await r.outbox.settle(claimed.tenantId, claimed.id, claimToken, { ...o, at, messageId }) && audit) await r.audit.append(audit(at));
    });
  const retryOrFail = async (err: MailDeliveryError, audit?: (ok: boolean, reason: string) => Parameters<typeof ctx.store.audit.append>[0]) => {
    const reason = err.reply ?? err.message;
    if (err.permanent || claimed.attempts >= ctx.maxAttempts) {
      await settle({ state: 'failed', reply: err.reply, error: err.message }, audit && (() => audit(false, reason)));
      return 'failed' as const;
    }
    const next = new Date(ctx.clock.now().getTime() + retryDelayMs(ctx.retryDelayMs, claimed.attempts)).toISOString();
    await settle({ state: 'queued', nextAttemptAt: next, reply: err.reply, error: err.message });
    return 'queued' as const;
  };

  let prepared;
  try {
    prepared = await preparing;
  } catch (err) {
    return retryOrFail(new MailDeliveryError(`could not prepare the mail: ${(err as Error).message}`, false, null));
  }
  if ('gone' in prepared) return retryOrFail(new MailDeliveryError(`not sent: ${prepared.gone}`, true, null));
  const { view, envelope, invitation, guest } = prepared;
  const audit = (ok: boolean, reason: string) => invitationEmailAudit(ctx.clock, invitation, guest, ok, reason);
  let response: string;
  try {
    const rendered = ctx.templates.renderInvitation(view);
    ({ response } = await ctx.mail.send({ messageId, from: ctx.sender.from(view.organizationName), ...envelope, ...rendered }));
  } catch (err) {
    return retryOrFail(err instanceof MailDeliveryError ? err : new MailDeliveryError((err as Error).message, false, null), audit);
  }
  const reply = response.split(/\r?\n/)[0];
  await settle({ state: 'sent', reply, error: null }, () => audit(true, reply));
  return 'sent';
}
