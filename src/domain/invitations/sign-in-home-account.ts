import { OAuthError } from '../identity/oauth-error.js';
import { verifySignIn } from '../identity/sign-in.js';
import { findHomeAccount, isHomeMember, ownsAddress, type HomeAccount } from './home-account.js';
import { redemptionErrors } from './redemption-rules.js';
import { spendForm, type LiveSession, type RedemptionDeps } from './redemption-session.js';

/** Why a sign-in did not prove the address; the page says so and nothing is redeemed. */
export type HomeSignInRefusal = 'invalidCredentials' | 'locked' | 'disabled' | 'otherAccount' | 'guestAccount';

export type HomeSignInOutcome =
  | { kind: 'signedIn'; csrf: string; alreadyAccepted: boolean }
  | { kind: 'refused'; csrf: string; reason: HomeSignInRefusal; home: HomeAccount };

/**
 * "Sign in with your … account" on the passcode page: spends its form and names the home account
 * the sign-in page is for. Only offered, and only accepted, when the invited address has one.
 */
export async function beginHomeSignIn(deps: RedemptionDeps, live: LiveSession, csrf: string): Promise<{ csrf: string; home: HomeAccount }> {
  const next = await deps.store.transact((r) => spendForm(r, live, csrf, live.session.state === 'done' ? 'done' : 'landed'));
  const home = await findHomeAccount(deps.store, live.target);
  if (!home) throw redemptionErrors.noHomeAccount();
  return { csrf: next, home };
}

/**
 * The sign-in page's POST: the home tenant's own password check (verifySignIn: lockout per account
 * and source address, the decoy hash for unknown names, disabled accounts refused), then the
 * account must be that home member: its own person (not a guest) whose UPN, mail or otherMails is
 * the invited address. Success proves the address exactly as a verified passcode does.
 */
export async function signInWithHomeAccount(
  deps: RedemptionDeps, live: LiveSession, csrf: string, credentials: { login: string; password: string; sourceAddress: string },
): Promise<HomeSignInOutcome> {
  const next = await deps.store.transact((r) => spendForm(r, live, csrf, live.session.state === 'done' ? 'done' : 'landed'));
  const home = await findHomeAccount(deps.store, live.target);
  if (!home) throw redemptionErrors.noHomeAccount();
  const refused = (reason: HomeSignInRefusal): HomeSignInOutcome => ({ kind: 'refused', csrf: next, reason, home });
  let user;
  try {
    user = await verifySignIn(deps.store, deps.clock, home.tenant, credentials.login, credentials.password, credentials.sourceAddress);
  } catch (err) {
    const reason = err instanceof OAuthError ? refusalOf(err) : undefined;
    if (reason) return refused(reason);
    throw err;
  }
  if (!isHomeMember(user)) return refused('guestAccount');
  if (!ownsAddress(user, live.target.invitation.invitedUserEmailAddress)) return refused('otherAccount');

  // An accepted guest is back through its link (graph-spec §5.2): no consent again, straight on.
  const alreadyAccepted = live.target.user.externalUserState === 'Accepted';
  const state = alreadyAccepted ? 'done' : 'verified';
  const { tenantId, id, csrfHash } = live.session;
  await deps.store.transact((r) => r.redemption.advanceSession(tenantId, id, csrfHash, { state, csrfHash, proof: 'homeAccount' }));
  live.session = { ...live.session, state, proof: 'homeAccount' };
  return { kind: 'signedIn', csrf: next, alreadyAccepted };
}

/** The sign-in failures a person can fix or wait out (AADSTS50126, 50053, 50057). */
function refusalOf(err: OAuthError): HomeSignInRefusal | undefined {
  switch (err.aadsts) {
    case 50126: return 'invalidCredentials';
    case 50053: return 'locked';
    case 50057: return 'disabled';
    default: return undefined;
  }
}
