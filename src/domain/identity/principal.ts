import type { Initiator } from '../model.js';
import { insufficientPrivileges } from '../errors.js';
import { operationPermissions, type Operation } from './permissions.js';

/** Who is calling, as established from a verified access token. */
export interface AppPrincipal {
  kind: 'app';
  tenantId: string;
  appId: string;
  servicePrincipalId: string;
  displayName: string;
  roles: string[];
}

export type Principal = AppPrincipal;

export function can(principal: Principal, op: Operation): boolean {
  const allowed: readonly string[] = operationPermissions[op];
  return principal.roles.some((r) => allowed.includes(r));
}

/** Throws Graph's 403 unless the principal holds one of the permissions the operation needs. */
export function requirePermission(principal: Principal, op: Operation): void {
  if (!can(principal, op)) throw insufficientPrivileges();
}

export function initiatorOf(p: Principal): Initiator {
  return { kind: 'app', appId: p.appId, servicePrincipalId: p.servicePrincipalId, displayName: p.displayName };
}
