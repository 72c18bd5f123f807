import { createHash } from 'node:crypto';

/** .NET's GUID byte order (the first three groups little-endian), as Entra encodes GUIDs in ids. */
function guidBytes(guid: string): Buffer {
  const h = guid.replaceAll('-', '');
  const b = Buffer.from(h, 'hex');
  return Buffer.concat([Buffer.from(b.subarray(0, 4)).reverse(), Buffer.from(b.subarray(4, 6)).reverse(), Buffer.from(b.subarray(6, 8)).reverse(), b.subarray(8)]);
}

/**
 * A tenant-wide role assignment's id as Entra makes it: base64url of the role definition's and the
 * principal's GUID bytes, then `-1` (e.g. `lAPpYvVpN0KRkAEhdxReE…-1` for Global Administrator in
 * rbacapplication-list-roleassignments.md). One role per principal makes it a natural key.
 */
export function roleAssignmentId(roleTemplateId: string, principalId: string): string {
  return `${Buffer.concat([guidBytes(roleTemplateId), guidBytes(principalId)]).toString('base64url')}-1`;
}

/**
 * The object id of an activated directoryRole. Entra mints one per tenant at activation; Portico
 * derives it from tenant and template so every process agrees on it without storing it.
 */
export function directoryRoleObjectId(tenantId: string, roleTemplateId: string): string {
  const h = createHash('sha256').update(`directoryRole:${tenantId.toLowerCase()}:${roleTemplateId.toLowerCase()}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
