import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Clock } from '../clock.js';
import type { SigningKey } from '../model.js';
import type { Store } from '../ports.js';

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

const REFRESH_MS = 60_000;
const MISS_REFRESH_MS = 2_000;

/**
 * The RS256 signing keys, kept in the database so every process signs and verifies alike. Each
 * process caches them and reloads every minute, or at once when a token names a kid it does not
 * know yet (another process rotated).
 */
export class KeyRing {
  private keys: SigningKey[] = [];
  private imported = new Map<string, ImportedKey>();
  private loadedAt = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly publishSeconds: number) {}

  /** Loads the keys, creating the first one on a new database. */
  async init(): Promise<void> {
    await this.reload();
    if (!this.keys.some((k) => k.retiredDateTime === null)) {
      await this.store.transact(async (r) => {
        if (!(await r.keys.list()).some((k) => k.retiredDateTime === null)) await r.keys.insert(await makeKey(this.clock));
      });
      await this.reload();
    }
  }

  /** Adds a new signing key; the old ones stop signing and stay published until their tokens expire. */
  async rotate(): Promise<SigningKey> {
    const key = await makeKey(this.clock);
    const now = this.clock.now();
    await this.store.transact(async (r) => {
      for (const k of await r.keys.list()) await r.keys.retire(k.kid, now.toISOString());
      await r.keys.insert(key);
      await r.keys.prune(new Date(now.getTime() - this.publishSeconds * 1000).toISOString());
    });
    await this.reload();
    return key;
  }

  async signingKey(): Promise<{ kid: string; key: ImportedKey }> {
    await this.maybeRefresh(REFRESH_MS);
    const active = this.keys.filter((k) => k.retiredDateTime === null).at(-1);
    if (!active) throw new Error('no active signing key');
    return { kid: active.kid, key: await this.import(active, 'private') };
  }

  async verificationKey(kid: string): Promise<ImportedKey | undefined> {
    await this.maybeRefresh(REFRESH_MS);
    let key = this.published().find((k) => k.kid === kid);
    if (!key) {
      await this.maybeRefresh(MISS_REFRESH_MS);
      key = this.published().find((k) => k.kid === kid);
    }
    return key && this.import(key, 'public');
  }

  /**
   * The JWKS document's keys, read afresh: clients fetch it rarely (it is cacheable for a day), and
   * it must already show a key that another process has just rotated in.
   */
  async publishedNow(): Promise<SigningKey[]> {
    await this.reload();
    return this.published();
  }

  /** Keys for the JWKS document: active ones and retired ones whose tokens may still be valid. */
  private published(): SigningKey[] {
    const cutoff = this.clock.now().getTime() - this.publishSeconds * 1000;
    return this.keys.filter((k) => k.retiredDateTime === null || Date.parse(k.retiredDateTime) > cutoff);
  }

  private async maybeRefresh(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.loadedAt > maxAgeMs) await this.reload();
  }

  private async reload(): Promise<void> {
    this.keys = await this.store.keys.list();
    this.loadedAt = Date.now();
  }

  private async import(k: SigningKey, which: 'private' | 'public'): Promise<ImportedKey> {
    const cacheKey = `${which}:${k.kid}`;
    let key = this.imported.get(cacheKey);
    if (!key) {
      key = await importJWK((which === 'private' ? k.privateJwk : k.publicJwk) as JWK, 'RS256');
      this.imported.set(cacheKey, key);
    }
    return key;
  }
}

async function makeKey(clock: Clock): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig', kty: 'RSA' },
    createdDateTime: clock.now().toISOString(),
    retiredDateTime: null,
  };
}
