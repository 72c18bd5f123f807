import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The one module that makes randomness and the hashes stored in place of secrets. */

export const newId = (): string => randomUUID();

/** 256 random bits, URL-safe: redemption tickets and the like. */
export const newTicket = (): string => randomBytes(32).toString('base64url');

/** Secrets and tickets are high-entropy random strings, so a plain SHA-256 is a safe stored form. */
export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('base64url');

/** Constant-time comparison of a presented secret with a stored SHA-256. */
export function matchesHash(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(presented), 'utf8');
  const b = Buffer.from(storedHash, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const secretAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';

/**
 * Client secrets shaped like Entra's: 40 characters, the 4th and 5th being a "Q~"-style marker,
 * here `P~` for Portico. 38 random characters from a 64-symbol alphabet are 228 bits.
 */
export function newClientSecret(): string {
  const bytes = randomBytes(38);
  let out = '';
  for (let i = 0; i < 38; i++) out += secretAlphabet[bytes[i] % 64];
  return `${out.slice(0, 3)}P~${out.slice(3)}`;
}
