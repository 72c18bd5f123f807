import type { DeviceCodeRepo } from '../../domain/ports.js';
import type { DeviceAuthorization, DeviceCodeState } from '../../domain/model.js';
import type { Db, DeviceCodesTable } from '../schema.js';

function toDevice(r: DeviceCodesTable): DeviceAuthorization {
  return {
    tenantId: r.tenant_id, deviceCodeHash: r.device_code_hash, userCode: r.user_code, clientId: r.client_id,
    scopes: JSON.parse(r.scopes) as string[], state: r.state as DeviceCodeState, userId: r.user_id, authTime: r.auth_time,
    intervalSeconds: r.interval_seconds, lastPollDateTime: r.last_poll_at, expiresDateTime: r.expires_at,
  };
}

function toRow(d: DeviceAuthorization): DeviceCodesTable {
  return {
    tenant_id: d.tenantId, device_code_hash: d.deviceCodeHash, user_code: d.userCode, client_id: d.clientId,
    scopes: JSON.stringify(d.scopes), state: d.state, user_id: d.userId, auth_time: d.authTime,
    interval_seconds: d.intervalSeconds, last_poll_at: d.lastPollDateTime, expires_at: d.expiresDateTime,
  };
}

export function deviceCodeRepo(db: Db): DeviceCodeRepo {
  return {
    async insert(d) {
      await db.insertInto('device_codes').values(toRow(d)).execute();
    },
    async findByDeviceCode(tenantId, hash) {
      const r = await db.selectFrom('device_codes').selectAll().where('tenant_id', '=', tenantId).where('device_code_hash', '=', hash).executeTakeFirst();
      return r && toDevice(r);
    },
    async findByUserCode(userCode) {
      const r = await db.selectFrom('device_codes').selectAll().where('user_code', '=', userCode).executeTakeFirst();
      return r && toDevice(r);
    },
    async update(d) {
      const { tenant_id, device_code_hash, ...rest } = toRow(d);
      await db.updateTable('device_codes').set(rest).where('tenant_id', '=', tenant_id).where('device_code_hash', '=', device_code_hash).execute();
    },
    async delete(tenantId, hash) {
      await db.deleteFrom('device_codes').where('tenant_id', '=', tenantId).where('device_code_hash', '=', hash).execute();
    },
  };
}
