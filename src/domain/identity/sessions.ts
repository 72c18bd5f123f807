import type { Clock } from '../clock.js';
import type { SignInSession } from '../model.js';
import type { Store } from '../ports.js';
import { newTicket, sha256 } from '../random.js';

/** Browser sessions at the authority last 24 hours (a fresh sign-in with prompt=login starts a new one). */
export const SESSION_LIFETIME_SECONDS = 86_400;

/** Starts a session; the returned id goes into the cookie, only its hash into the database. */
export async function startSession(store: Store, clock: Clock, tenantId: string, userId: string): Promise<{ id: string; session: SignInSession }> {
  const id = newTicket();
  const now = clock.now();
  const session: SignInSession = {
    tenantId, idHash: sha256(id), userId, authTime: now.toISOString(),
    expiresDateTime: new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000).toISOString(),
  };
  await store.transact((r) => r.sessions.insert(session));
  return { id, session };
}

export async function currentSession(store: Store, clock: Clock, tenantId: string, id: string | undefined): Promise<SignInSession | undefined> {
  if (!id) return undefined;
  const s = await store.sessions.find(tenantId, sha256(id));
  if (!s || Date.parse(s.expiresDateTime) <= clock.now().getTime()) return undefined;
  const user = await store.users.findById(tenantId, s.userId);
  return user?.accountEnabled ? s : undefined;
}

export async function endSession(store: Store, tenantId: string, id: string | undefined): Promise<void> {
  if (id) await store.transact((r) => r.sessions.delete(tenantId, sha256(id)));
}
