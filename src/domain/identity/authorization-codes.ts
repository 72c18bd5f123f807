import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { AuthorizationCode } from '../model.js';
import type { Store } from '../ports.js';
import { newTicket, sha256 } from '../random.js';

/** Codes live 10 minutes (Entra's documented lifetime) and are redeemed once. */
export const CODE_LIFETIME_SECONDS = 600;

export type NewCode = Omit<AuthorizationCode, 'codeHash' | 'expiresDateTime'>;

export async function issueAuthorizationCode(store: Store, clock: Clock, input: NewCode): Promise<string> {
  const code = `1.${newTicket()}`;
  const expires = new Date(clock.now().getTime() + CODE_LIFETIME_SECONDS * 1000).toISOString();
  await store.transact((r) => r.authCodes.insert({ ...input, codeHash: sha256(code), expiresDateTime: expires }));
  return code;
}

/** RFC 7636 §4.6: S256 compares BASE64URL(SHA256(verifier)) with the challenge, in constant time. */
export function pkceMatches(verifier: string, challenge: string, method: string | null): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const derived = method === 'plain' ? verifier : createHash('sha256').update(verifier, 'ascii').digest('base64url');
  const a = Buffer.from(derived);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}
