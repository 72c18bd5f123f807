import type { Tenant, User, UserType } from '../model.js';
import type { ParsedAddress } from './email-address.js';

/** The user object an invitation creates (graph-spec §1.4, §2.1, §2.2). */
export function newGuest(args: {
  tenant: Tenant; id: string; address: ParsedAddress; email: string; displayName: string | null;
  userType: UserType; upn: string; mailNickname: string; now: string;
}): User {
  const { tenant, address, email, now } = args;
  return {
    tenantId: tenant.id,
    id: args.id,
    userPrincipalName: args.upn,
    // Entra shows the part before @ when no display name was given.
    displayName: args.displayName ?? address.local,
    mail: email,
    mailNickname: args.mailNickname,
    otherMails: [email],
    proxyAddresses: [`SMTP:${email}`],
    identities: [{ signInType: 'userPrincipalName', issuer: tenant.initialDomain, issuerAssignedId: args.upn }],
    businessPhones: [],
    imAddresses: [],
    userType: args.userType,
    creationType: 'Invitation',
    externalUserState: 'PendingAcceptance',
    externalUserStateChangeDateTime: now,
    accountEnabled: true,
    createdDateTime: now,
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null,
    officeLocation: null, preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null,
    invitedAddressKey: address.key,
    passwordHash: null,
  };
}
