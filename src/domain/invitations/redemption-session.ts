import type { Clock } from '../clock.js';
import type { RedemptionSession, RedemptionState } from '../model.js';
import type { Repos, Store } from '../ports.js';
import { newTicket, sha256 } from '../random.js';
import { findRedeemable, ticketMatches, type RedemptionTarget } from './redemption-ticket.js';
import { redemptionErrors, redemptionRules } from './redemption-rules.js';

export interface RedemptionDeps {
  store: Store;
  clock: Clock;
}

/** What the browser's cookie names: the tenant (every key starts with it) and the opaque token. */
export interface SessionRef {
  tenantId: string;
  token: string;
}

export interface LiveSession {
  ref: SessionRef;
  session: RedemptionSession;
  target: RedemptionTarget;
}

export interface OpenedRedemption extends LiveSession {
  /** The landing page's form token; only its hash is stored. */
  csrf: string;
}

/**
 * GET /redeem (graph-spec §5.2): checks the link and starts a browser session. Nothing of the
 * invitation is spent, so a mail scanner opening the link changes nothing an invitee relies on.
 */
export async function openRedemption(deps: RedemptionDeps, link: { tenantId: string; invitationId: string; ticket: string }): Promise<OpenedRedemption> {
  const target = await findRedeemable(deps.store, link.tenantId, link.invitationId);
  if (!ticketMatches(target.invitation, link.ticket)) throw redemptionErrors.invalidLink();
  const now = deps.clock.now();
  const token = newTicket();
  const csrf = newTicket();
  const session: RedemptionSession = {
    tenantId: target.tenant.id, id: sha256(token), invitationId: target.invitation.id, state: 'landed', csrfHash: sha256(csrf), proof: null,
    createdDateTime: now.toISOString(), expiresDateTime: new Date(now.getTime() + redemptionRules.sessionLifetimeMs).toISOString(),
  };
  await deps.store.transact(async (r) => {
    // Codes outlive their session by an hour at least: the throttle counts the last hour's sends.
    await r.redemption.pruneExpired(target.tenant.id, new Date(now.getTime() - redemptionRules.codeRetentionMs).toISOString());
    await r.redemption.insertSession(session);
  });
  return { ref: { tenantId: target.tenant.id, token }, session, target, csrf };
}

/** The session a cookie names, if it is live and its invitation may still be redeemed. */
export async function loadSession(deps: RedemptionDeps, ref: SessionRef | null): Promise<LiveSession> {
  if (!ref) throw redemptionErrors.sessionExpired();
  const session = await deps.store.redemption.findSession(ref.tenantId, sha256(ref.token));
  if (!session || session.expiresDateTime <= deps.clock.now().toISOString()) throw redemptionErrors.sessionExpired();
  const target = await findRedeemable(deps.store, session.tenantId, session.invitationId);
  return { ref, session, target };
}

/**
 * Spends the form token a POST carried and moves the session on, returning the next page's token.
 * Conditional on the stored hash, so of two identical POSTs (a replay) only the first proceeds.
 */
export async function spendForm(repos: Repos, live: LiveSession, csrf: string, next: RedemptionState): Promise<string> {
  const presented = sha256(csrf);
  const fresh = newTicket();
  const ok = await repos.redemption.advanceSession(live.session.tenantId, live.session.id, presented, { state: next, csrfHash: sha256(fresh) });
  if (!ok) throw redemptionErrors.formExpired();
  live.session = { ...live.session, state: next, csrfHash: sha256(fresh) };
  return fresh;
}

/** "Accept invitation" on the landing page: the session moves on to the passcode step. */
export async function startRedemption(deps: RedemptionDeps, live: LiveSession, csrf: string): Promise<string> {
  return deps.store.transact((r) => spendForm(r, live, csrf, 'landed'));
}
