import type { InstanceSecretRepo, SigningKeyRepo } from '../../domain/ports.js';
import type { JsonWebKeyLike } from '../../domain/model.js';
import type { Db } from '../schema.js';

export function signingKeyRepo(db: Db): SigningKeyRepo {
  return {
    async insert(k) {
      await db.insertInto('signing_keys').values({
        kid: k.kid, private_jwk: JSON.stringify(k.privateJwk), public_jwk: JSON.stringify(k.publicJwk),
        created_at: k.createdDateTime, retired_at: k.retiredDateTime,
      }).execute();
    },
    async list() {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').execute();
      return rows.map((r) => ({
        kid: r.kid, privateJwk: JSON.parse(r.private_jwk) as JsonWebKeyLike, publicJwk: JSON.parse(r.public_jwk) as JsonWebKeyLike,
        createdDateTime: r.created_at, retiredDateTime: r.retired_at,
      }));
    },
    async retire(kid, at) {
      await db.updateTable('signing_keys').set({ retired_at: at }).where('kid', '=', kid).where('retired_at', 'is', null).execute();
    },
    async prune(before) {
      const r = await db.deleteFrom('signing_keys').where('retired_at', '<', before).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function instanceSecretRepo(db: Db): InstanceSecretRepo {
  return {
    async getOrCreate(name, make) {
      const found = await db.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirst();
      if (found) return found.value;
      // Two processes may race to create it; the loser keeps the winner's value.
      await db.insertInto('instance_secrets').values({ name, value: make() })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      const row = await db.selectFrom('instance_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
