import { createHash, randomBytes, randomFillSync, randomInt, timingSafeEqual } from 'node:crypto';

/** The one module that makes randomness and the hashes stored in place of secrets. */

let lastMs = 0;
let counter = 0;
// Random bytes are drawn 4 KiB at a time, as node's randomUUID does: one CSPRNG call per 256 ids.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/**
 * Object ids are UUIDv7 (RFC 9562 §5.7): a 48-bit millisecond timestamp, a 12-bit counter for order
 * within a millisecond (§6.2, method 1), then 62 random bits. They are GUIDs like Entra's, but ids
 * made one after another sort together, so each primary-key index grows at its right edge instead
 * of at a random page: far fewer pages are dirtied, and written to the WAL, per commit.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    lastMs = ms;
    counter = 0;
  }
  const b = pooledRandomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A copy of the next `n` bytes of the pool, refilled from the CSPRNG when it runs short. */
function pooledRandomBytes(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = Buffer.from(pool.subarray(poolAt, poolAt + n));
  // No copy of what was handed out stays behind (a ticket lives on only as its hash).
  pool.fill(0, poolAt, poolAt + n);
  poolAt += n;
  return b;
}

/** 256 random bits, URL-safe: redemption tickets and the like (one CSPRNG call per 128 tickets, as for ids). */
export const newTicket = (): string => pooledRandomBytes(32).toString('base64url');

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

/** A numeric one-time passcode of `digits` digits, uniformly drawn (email one-time passcodes). */
export const newPasscode = (digits: number): string => String(randomInt(0, 10 ** digits)).padStart(digits, '0');
