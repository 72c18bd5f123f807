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
    async take(tenantId, codeHash) {
      // DELETE … RETURNING: of two concurrent redemptions only one gets the row (both dialects).
      const r = await db.deleteFrom('auth_codes').where('tenant_id', '=', tenantId).where('code_hash', '=', codeHash)
        .returningAll().executeTakeFirst();
      return r && {
        tenantId: r.tenant_id, codeHash: r.code_hash, clientId: r.client_id, userId: r.user_id, redirectUri: r.redirect_uri,
        scopes: JSON.parse(r.scopes) as string[], nonce: r.nonce, codeChallenge: r.code_challenge,
        codeChallengeMethod: r.code_challenge_method, authTime: r.auth_time, expiresDateTime: r.expires_at,
      };
    },
  };
}
