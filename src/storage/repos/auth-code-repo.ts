import type { AuthCodeRepo } from '../../domain/ports.js';
import type { Db } from '../schema.js';

export function authCodeRepo(db: Db): AuthCodeRepo {
  return {
    async insert(c) {
      await db.insertInto('auth_codes').values({
        tenant_id: c.tenantId, code_hash: c.codeHash, client_id: c.clientId, user_id: c.userId, redirect_uri: c.redirectUri,
        scopes: JSON.stringify(c.scopes), nonce: c.nonce, code_challenge: c.codeChallenge, code_challenge_method: c.codeChallengeMethod,
        auth_time: c.authTime, expires_at: c.expiresDateTime,
      }).execute();
    },
    async take(tenantId, codeHash, at, familyId) {
      // One conditional UPDATE … RETURNING: of two concurrent redemptions only one spends the code
      // (both dialects); the other, like any later one, finds it spent.
      const r = await db.updateTable('auth_codes').set({ used_at: at, family_id: familyId })
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).where('used_at', 'is', null)
        .returningAll().executeTakeFirst();
      if (r) {
        return {
          kind: 'taken',
          code: {
            tenantId: r.tenant_id, codeHash: r.code_hash, clientId: r.client_id, userId: r.user_id, redirectUri: r.redirect_uri,
            scopes: JSON.parse(r.scopes) as string[], nonce: r.nonce, codeChallenge: r.code_challenge,
            codeChallengeMethod: r.code_challenge_method, authTime: r.auth_time, expiresDateTime: r.expires_at,
          },
        };
      }
      const spent = await db.selectFrom('auth_codes').select('family_id')
        .where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash).executeTakeFirst();
      return spent ? { kind: 'reused', familyId: spent.family_id } : { kind: 'unknown' };
    },
  };
}
