import type { Tenant, User } from '../model.js';
import type { Repos } from '../ports.js';
import type { RedemptionTarget } from './redemption-ticket.js';

/** The invitee's own account in another tenant on this server, and that tenant. */
export interface HomeAccount {
  tenant: Tenant;
  user: User;
}

/**
 * Where the invited address lives on this server, if anywhere (graph-spec §5.2 step 1, "existing
 * Entra account", narrowed to the tenants this Portico hosts): a member of another tenant whose
 * UPN, mail or otherMails is the address. When several tenants have one, the strongest claim wins
 * (the UPN, then mail, then otherMails), then the oldest account, so every page names the same one.
 */
export async function findHomeAccount(repos: Repos, target: RedemptionTarget): Promise<HomeAccount | undefined> {
  const address = target.invitation.invitedUserEmailAddress;
  const candidates = await repos.users.findHomeMembers(address, target.tenant.id);
  const [user] = candidates.sort((a, b) => claimRank(a, address) - claimRank(b, address)
    || a.createdDateTime.localeCompare(b.createdDateTime) || a.id.localeCompare(b.id));
  if (!user) return undefined;
  const tenant = await repos.tenants.findById(user.tenantId);
  return tenant ? { tenant, user } : undefined;
}

/** The member is the tenant's own person, not an invited one (Entra's "internal member"). */
export const isHomeMember = (user: User): boolean => user.userType === 'Member' && user.externalUserState === null;

/** The account's UPN, mail or one of its otherMails is the address (case-insensitive). */
export const ownsAddress = (user: User, address: string): boolean => claimRank(user, address) < NO_CLAIM;

const NO_CLAIM = 3;

function claimRank(user: User, address: string): number {
  const a = address.toLowerCase();
  if (user.userPrincipalName.toLowerCase() === a) return 0;
  if (user.mail?.toLowerCase() === a) return 1;
  if (user.otherMails.some((m) => m.toLowerCase() === a)) return 2;
  return NO_CLAIM;
}
