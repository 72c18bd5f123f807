import { randomUUID } from 'node:crypto';
import type { AuditRecord, Initiator, Tenant } from '../../src/domain/model.js';
import type { GraphHarness, TestApp } from './graph-harness.js';

/**
 * A tenant's audit log for the audit API tests: three invitations made through HTTP by an app
 * (the records Portico writes today) and records of the kinds other parts write or will write
 * (redemption by a guest, invitation mail sent and failed, a directory change by an admin, an
 * app-management entry), appended through the store with fixed instants so that every filter has
 * a known answer. `keys` names each record id; `order` is the default order (newest first).
 */
export interface AuditLog {
  tenant: Tenant;
  reader: TestApp;
  inviter: TestApp;
  keys: Map<string, string>;
  ids: Record<string, string>;
  guests: { id: string; userPrincipalName: string }[];
  /** Ids the queries name: the two users who act, the mailer app, a group target, a correlation id. */
  refs: { alice: string; grace: string; mailerAppId: string; group: string; correlation: string };
  order: string[];
}

export const redirect = 'https://myapp.contoso.com';

export async function seedAuditLog(h: GraphHarness, name: string): Promise<AuditLog> {
  const tenant = await h.tenant(name, [`${name.toLowerCase().replace(/\W/g, '')}.example`]);
  const reader = await h.appWith(tenant, ['AuditLog.Read.All']);
  const inviter = await h.appWith(tenant, ['User.Invite.All']);
  const keys = new Map<string, string>();
  const ids: Record<string, string> = {};
  const guests: { id: string; userPrincipalName: string }[] = [];
  for (const i of [1, 2, 3]) {
    const res = await h.invite(inviter.token, { invitedUserEmailAddress: `guest${i}@partner.example`, inviteRedirectUrl: redirect });
    if (res.statusCode !== 201) throw new Error(`invite failed: ${res.body}`);
    guests.push(res.json().invitedUser);
  }
  for (const r of await h.store.audit.list(tenant.id)) {
    const n = guests.findIndex((g) => g.id === r.targetResources[0]?.id) + 1;
    keys.set(r.id, `inv${n}`);
    ids[`inv${n}`] = r.id;
  }
  const refs = {
    alice: randomUUID(), grace: guests[0].id, mailerAppId: randomUUID(), group: randomUUID().toUpperCase(), correlation: randomUUID(),
  };
  const grace: Initiator = { kind: 'user', userId: refs.grace, userPrincipalName: guests[0].userPrincipalName, displayName: 'Grace Guest' };
  const alice: Initiator = { kind: 'user', userId: refs.alice, userPrincipalName: 'alice@admins.example', displayName: 'Admin Alice' };
  const mailer: Initiator = { kind: 'app', appId: refs.mailerAppId, servicePrincipalId: randomUUID(), displayName: 'Portico Mailer' };
  const inviterApp = (await h.store.apps.findByAppId(tenant.id, inviter.appId))!;
  const base = { tenantId: tenant.id, category: 'UserManagement', loggedByService: 'Invited Users', result: 'success' as const, resultReason: '' };
  const records: [string, Omit<AuditRecord, 'tenantId' | 'id' | 'category' | 'loggedByService' | 'result' | 'resultReason'> & Partial<AuditRecord>][] = [
    ['redeem', {
      activityDisplayName: 'Redeem external user invite', activityDateTime: '2026-01-01T10:00:00.000Z', initiatedBy: grace,
      targetResources: [{ id: guests[0].id, type: 'User', displayName: 'Grace Guest', userPrincipalName: guests[0].userPrincipalName }],
    }],
    ['mailFail', {
      activityDisplayName: 'Invitation Email', activityDateTime: '2026-01-02T10:00:00.500Z', initiatedBy: mailer, result: 'failure',
      resultReason: '550 5.1.1 mailbox unavailable', targetResources: [{ id: guests[1].id, type: 'User', displayName: 'Second Person' }],
    }],
    ['mailOk', {
      activityDisplayName: 'Invitation Email', activityDateTime: '2026-01-02T10:00:00.900Z', initiatedBy: mailer, correlationId: refs.correlation,
      targetResources: [{ id: guests[2].id, type: 'User', displayName: 'Third Party' }],
    }],
    ['update', {
      activityDisplayName: 'Update user', activityDateTime: '2026-01-03T08:00:00.000Z', initiatedBy: alice, loggedByService: 'Core Directory',
      operationType: 'Update', additionalDetails: [{ key: 'UserType', value: 'Guest' }],
      targetResources: [
        { id: guests[0].id, type: 'User', displayName: 'Grace Guest', modifiedProperties: [{ displayName: 'UserState', oldValue: '"PendingAcceptance"', newValue: '"Accepted"' }] },
        { id: refs.group, type: 'Group', displayName: 'Partners' },
      ],
    }],
    ['app', {
      activityDisplayName: 'Add service principal', activityDateTime: '2026-01-04T00:00:00.000Z', category: 'ApplicationManagement',
      loggedByService: 'Core Directory', operationType: 'Add',
      initiatedBy: { kind: 'app', appId: inviterApp.appId, servicePrincipalId: inviterApp.servicePrincipalId, displayName: inviterApp.displayName },
      targetResources: [{ id: randomUUID(), type: 'ServicePrincipal', displayName: 'Portico Tools' }],
    }],
  ];
  for (const [key, r] of records) {
    const id = randomUUID();
    await h.store.audit.append({ ...base, ...r, id });
    keys.set(id, key);
    ids[key] = id;
  }
  return { tenant, reader, inviter, keys, ids, guests, refs, order: ['inv3', 'inv2', 'inv1', 'app', 'update', 'mailOk', 'mailFail', 'redeem'] };
}
