import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { systemClock } from './src/domain/clock.js';
import { createTenant } from './src/domain/tenants/create-tenant.js';
import { newGuest } from './src/domain/invitations/new-guest.js';
import { parseEmailAddress, type ParsedAddress } from './src/domain/invitations/email-address.js';
import { guestUpn, guestMailNickname } from './src/domain/invitations/guest-upn.js';
import { newId } from './src/domain/random.js';
import { openStore } from './src/storage/open-store.js';
const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/idxcheck';
const store = await openStore(url);
const tenant = await createTenant(store, systemClock, { name: `Unit ${Math.random().toString(36).slice(2, 8)}`, domainSuffix: 'onmicrosoft.com' });
const pgCpu = () => execSync('ps -C postgres -o cputimes=').toString().trim().split(/\s+/).reduce((a, b) => a + Number(b), 0);
const self = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const timing: Record<string, number> = {};
const t = async <T>(k: string, f: () => Promise<T>) => { const a = performance.now(); const r = await f(); timing[k] = (timing[k] ?? 0) + performance.now() - a; return r; };
async function unit(i: number) {
  return store.transact(async (repos) => {
    const email = `u${i}-${tenant.id.slice(0, 8)}@ext${i % 50}.example.com`; const address = parseEmailAddress(email) as ParsedAddress;
    const now = new Date().toISOString();
    await t('users.findByAnyAddress', () => repos.users.findByAnyAddress(tenant.id, email, address.key));
    const user = newGuest({ tenant, id: newId(), address, email, displayName: `G ${i}`, userType: 'Guest', upn: guestUpn(address, tenant.initialDomain), mailNickname: guestMailNickname(address), now });
    await t('users.insertIfAbsent', () => repos.users.insertIfAbsent(user));
    const invId = newId();
    await t('invitations.insert', () => repos.invitations.insert({ tenantId: tenant.id, id: invId, userId: user.id, invitedUserEmailAddress: email, invitedUserDisplayName: null, invitedUserType: 'Guest', inviteRedirectUrl: 'https://x', sendInvitationMessage: true, resetRedemption: false, messageInfo: { ccRecipients: [], customizedMessageBody: null, messageLanguage: null } as never, sponsorIds: [], status: 'PendingAcceptance', ticketHash: 'h', mailTicketHash: null, createdDateTime: now, invitedBy: { kind: 'app', appId: 'a', servicePrincipalId: 's', displayName: 'b' } }));
    await t('outbox.enqueue', () => repos.outbox.enqueue({ tenantId: tenant.id, id: newId(), kind: 'invitation-mail', createdDateTime: now, payload: { invitationId: invId, userId: user.id } }));
    await t('audit.append', () => repos.audit.append({ tenantId: tenant.id, id: newId(), activityDisplayName: 'Invite external user', category: 'UserManagement', loggedByService: 'Invited Users', initiatedBy: { kind: 'app', appId: 'a', servicePrincipalId: 's', displayName: 'b' }, targetResources: [{ id: user.id, type: 'User', userPrincipalName: user.userPrincipalName }], result: 'success', resultReason: '', activityDateTime: now }));
  });
}
const conc = Number(process.argv[3] ?? 64), total = Number(process.argv[4] ?? 6000);
let next = 0;
await Promise.all(Array.from({ length: conc }, async () => { while (next < 500) await unit(next++); }));
const p0 = url.startsWith('postgres') ? pgCpu() : 0, s0 = self(), w0 = performance.now();
await Promise.all(Array.from({ length: conc }, async () => { while (next < total) await unit(next++); }));
for (const k in timing) console.log(k, (timing[k] * 1000 / total).toFixed(0), 'µs avg wall');
const n = total - 500, wall = (performance.now() - w0) / 1000;
console.log(`${n} units in ${wall.toFixed(2)} s = ${(n / wall).toFixed(0)}/s; node CPU ${(((self() - s0) / n) * 1e6).toFixed(0)} µs/unit; postgres CPU ${((((url.startsWith('postgres') ? pgCpu() : 0) - p0) / n) * 1e6).toFixed(0)} µs/unit`);
await store.close();
