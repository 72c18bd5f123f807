import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireAuditRead } from '../../../src/domain/audit/read-audit-logs.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { AppPrincipal, Principal, UserPrincipal } from '../../../src/domain/identity/principal.js';

/**
 * Who may read audit logs (List directoryAudits, "Permissions"): an app with AuditLog.Read.All; a
 * person through an app only with the AuditLog.Read.All scope *and* a role that reads audit
 * reports. Delegated tokens cannot be issued yet (identity issue), so this table drives the rule.
 */
const app = (roles: string[]): AppPrincipal => ({ kind: 'app', tenantId: 't', appId: 'a', servicePrincipalId: 's', displayName: 'App', roles });
const person = (scopes: string[], roleTemplateIds: string[]): UserPrincipal => ({
  kind: 'user', tenantId: 't', appId: 'a', servicePrincipalId: 's', appDisplayName: 'App', userId: 'u', userPrincipalName: 'u@t.example',
  displayName: 'U', userType: 'Member', scopes, roleTemplateIds,
});

const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const GLOBAL_READER = 'F2EF992C-3AFB-46B9-B7CF-A126EE74C451';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

const cases: [label: string, principal: Principal, expected: 'allowed' | 'Authentication_MSGraphPermissionMissing' | 'Authorization_RequestDenied'][] = [
  ['app with AuditLog.Read.All', app(['AuditLog.Read.All']), 'allowed'],
  ['app with AuditLog.Read.All and Directory.Read.All', app(['Directory.Read.All', 'AuditLog.Read.All']), 'allowed'],
  ['app with Directory.Read.All', app(['Directory.Read.All']), 'Authentication_MSGraphPermissionMissing'],
  ['app with Directory.ReadWrite.All', app(['Directory.ReadWrite.All']), 'Authentication_MSGraphPermissionMissing'],
  ['app without permissions', app([]), 'Authentication_MSGraphPermissionMissing'],
  ['Reports Reader with the scope', person(['AuditLog.Read.All', 'Directory.Read.All'], [REPORTS_READER]), 'allowed'],
  ['Global Reader (any case) with the scope', person(['AuditLog.Read.All'], [GLOBAL_READER]), 'allowed'],
  ['User Administrator with the scope', person(['AuditLog.Read.All'], [USER_ADMIN]), 'Authorization_RequestDenied'],
  ['a person without roles, with the scope', person(['AuditLog.Read.All'], []), 'Authorization_RequestDenied'],
  ['Reports Reader without the scope', person(['Directory.Read.All'], [REPORTS_READER]), 'Authentication_MSGraphPermissionMissing'],
];

describe('who may read audit logs', () => {
  for (const [label, principal, expected] of cases) {
    it(`${label}: ${expected}`, () => {
      if (expected === 'allowed') {
        assert.doesNotThrow(() => requireAuditRead(principal));
        return;
      }
      assert.throws(() => requireAuditRead(principal), (err: unknown) => err instanceof DomainError && err.status === 403 && err.code === expected);
    });
  }
});
