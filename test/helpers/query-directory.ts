import { randomUUID } from 'node:crypto';
import type { ObjectIdentity, Tenant, User } from '../../src/domain/model.js';
import type { GraphHarness } from './graph-harness.js';

/**
 * A small, realistic directory for query tests: members with full profiles and with nulls,
 * pending and accepted guests with several otherMails, proxyAddresses and identities each, and
 * creation times spread over years. Users are written through the store (so identities, states
 * and times can be set as redemption and time would set them) plus two invited through HTTP.
 * Every user has a short key; tests name expected results by key.
 */
export interface SeededDirectory {
  tenant: Tenant;
  /** key -> object id */
  ids: Map<string, string>;
  /** object id -> key */
  keys: Map<string, string>;
}

type Profile = Partial<User> & { displayName: string | null; userPrincipalName: string };

const member = (domain: string, local: string, p: Partial<User>): Profile => ({
  userPrincipalName: `${local}@${domain}`, displayName: null, mail: `${local}@${domain}`, mailNickname: local, ...p,
});

function profiles(domain: string): Record<string, Profile> {
  return {
    adele: member(domain, 'AdeleV', {
      displayName: 'Adele Vance', givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager', department: 'Retail',
      city: 'Seattle', country: 'United States', usageLocation: 'US', employeeId: 'E100', companyName: 'Contoso',
      mobilePhone: '+1 425 555 0109', officeLocation: '18/2111', preferredLanguage: 'en-US', businessPhones: ['+1 425 555 0109'],
      otherMails: ['adele@home.example', 'adele.vance@alt.example'], proxyAddresses: [`SMTP:AdeleV@${domain}`, `smtp:adele@${domain}`],
      imAddresses: [`sip:adelev@${domain}`], createdDateTime: '2021-01-10T08:00:00.250Z',
    }),
    alex: member(domain, 'AlexW', {
      displayName: 'Alex Wilber', givenName: 'Alex', surname: 'Wilber', jobTitle: 'Marketing Assistant', department: 'Marketing',
      city: 'San Diego', country: 'United States', usageLocation: 'US', employeeId: 'E101', accountEnabled: false,
      businessPhones: ['+1 858 555 0110'], proxyAddresses: [`SMTP:AlexW@${domain}`], createdDateTime: '2021-03-05T12:30:00.000Z',
    }),
    megan: member(domain, 'MeganB', {
      displayName: 'Megan Bowen', givenName: 'Megan', surname: 'Bowen', jobTitle: 'Marketing Manager', department: 'Marketing',
      city: 'Pittsburgh', country: 'United States', usageLocation: 'US', companyName: 'Contoso', preferredLanguage: 'fr-FR',
      officeLocation: '12/1110', mobilePhone: '+1 412 555 0109', otherMails: ['megan@home.example'],
      proxyAddresses: [`SMTP:MeganB@${domain}`], createdDateTime: '2022-06-01T00:00:00.000Z',
    }),
    lee: member(domain, 'LeeG', {
      displayName: 'Lee Gu', givenName: 'Lee', surname: 'Gu', jobTitle: 'Director', department: 'Manufacturing',
      city: 'Birmingham', country: 'United Kingdom', usageLocation: 'GB', companyName: 'Fabrikam', employeeId: 'E200',
      createdDateTime: '2022-11-30T23:59:59.999Z', imAddresses: [`sip:leeg@${domain}`], otherMails: ['percentXsignYx@odd.example'],
    }),
    christie: member(domain, 'ChristieC', {
      displayName: 'Christie Cline', givenName: 'Christie', surname: 'Cline', jobTitle: 'Buyer', department: 'Sales',
      city: 'Seattle', country: 'United States', usageLocation: 'US', createdDateTime: '2020-05-05T05:05:05.000Z',
      // A LIKE-escaping probe: lee holds the decoy an unescaped `%sign_x` pattern would also match.
      otherMails: ['percent%sign_x@odd.example'],
    }),
    picard: member(domain, 'JLPicard', {
      displayName: 'Dr. Jean-Luc Picard', givenName: 'Jean-Luc', surname: 'Picard', jobTitle: 'Captain', department: 'Bridge',
      city: 'La Barre', country: 'France', usageLocation: 'FR', createdDateTime: '2023-07-13T09:00:00.000Z',
    }),
    sinead: member(domain, 'SOneil', {
      displayName: "Sinéad O'Neil", givenName: 'Sinéad', surname: "O'Neil", mail: `sinead.oneil@${domain}`, jobTitle: 'Engineer',
      department: 'R&D', city: 'Dublin', country: 'Ireland', usageLocation: 'IE', createdDateTime: '2023-08-01T10:00:00.000Z',
    }),
    camel: member(domain, 'Camel', {
      displayName: 'HelloWorld bot2024', mail: null, department: 'IT', createdDateTime: '2023-09-09T09:09:09.000Z',
    }),
    nameless: member(domain, 'nameless', {
      displayName: null, mail: null, mailNickname: null, createdDateTime: '2023-02-02T02:02:02.000Z',
    }),
  };
}

function guests(tenant: Tenant): Record<string, Profile> {
  const upn = (address: string) => `${address.replace('@', '_')}#EXT#@${tenant.initialDomain}`;
  const guest = (address: string, p: Partial<User>, extra: ObjectIdentity[] = []): Profile => ({
    userPrincipalName: upn(address), displayName: address.split('@')[0], mail: address, mailNickname: `${address.replace('@', '_')}#EXT#`,
    otherMails: [address], proxyAddresses: [`SMTP:${address}`], userType: 'Guest', creationType: 'Invitation',
    identities: [{ signInType: 'userPrincipalName', issuer: tenant.initialDomain, issuerAssignedId: upn(address) }, ...extra],
    ...p,
  });
  return {
    pat: guest('pat@partner.example', {
      displayName: 'Pat Pending', externalUserState: 'PendingAcceptance', externalUserStateChangeDateTime: '2024-01-15T10:00:00.000Z',
      createdDateTime: '2024-01-15T10:00:00.000Z', companyName: 'Partner Inc',
    }),
    grace: guest('grace@fabrikam.example', {
      displayName: 'Grace Guest', externalUserState: 'Accepted', externalUserStateChangeDateTime: '2024-02-20T09:30:00.000Z',
      createdDateTime: '2024-02-01T08:00:00.000Z', otherMails: ['grace@fabrikam.example', 'grace.g@gmail.example'],
      proxyAddresses: ['SMTP:grace@fabrikam.example', 'smtp:grace.g@gmail.example'],
    }, [{ signInType: 'emailAddress', issuer: 'mail', issuerAssignedId: 'grace@fabrikam.example' }]),
    xavier: guest('xavier@tailspin.example', {
      displayName: 'Xavier External', externalUserState: 'Accepted', externalUserStateChangeDateTime: '2024-03-03T03:03:03.000Z',
      createdDateTime: '2024-03-01T00:00:00.000Z', userType: 'Member',
    }, [
      { signInType: 'federated', issuer: 'ExternalAzureAD', issuerAssignedId: 'xavier@tailspin.example' },
      { signInType: 'userName', issuer: tenant.initialDomain, issuerAssignedId: 'xav-legacy' },
    ]),
  };
}

function user(tenant: Tenant, p: Profile): User {
  return {
    tenantId: tenant.id, id: randomUUID(), mail: null, mailNickname: null, otherMails: [], proxyAddresses: [],
    identities: [{ signInType: 'userPrincipalName', issuer: p.userPrincipalName.split('@')[1], issuerAssignedId: p.userPrincipalName }],
    businessPhones: [], imAddresses: [], userType: 'Member', creationType: null, externalUserState: null,
    externalUserStateChangeDateTime: null, accountEnabled: true, createdDateTime: new Date().toISOString(),
    givenName: null, surname: null, jobTitle: null, department: null, companyName: null, mobilePhone: null,
    officeLocation: null, preferredLanguage: null, city: null, country: null, employeeId: null, usageLocation: null,
    invitedAddressKey: p.userType === 'Guest' || p.creationType === 'Invitation' ? (p.mail ?? null)?.toLowerCase() ?? null : null,
    passwordHash: null,
    ...p,
  };
}

/** Seeds the directory into `tenant`; `inviteToken` (User.Invite.All or more) adds two invited guests. */
export async function seedDirectory(h: GraphHarness, tenant: Tenant, domain: string, inviteToken: string): Promise<SeededDirectory> {
  const ids = new Map<string, string>();
  for (const [key, p] of Object.entries({ ...profiles(domain), ...guests(tenant) })) {
    const u = user(tenant, p);
    await h.store.users.insert(u);
    ids.set(key, u.id);
  }
  for (const [key, address] of [['newbie', 'newbie@outside.example'], ['second', 'second.try@outside.example']]) {
    const res = await h.invite(inviteToken, { invitedUserEmailAddress: address, inviteRedirectUrl: 'https://app.example' });
    if (res.statusCode !== 201) throw new Error(`invite failed: ${res.body}`);
    ids.set(key, res.json().invitedUser.id);
  }
  return { tenant, ids, keys: new Map([...ids].map(([k, id]) => [id, k])) };
}

/** Every key seeded, for "everyone" expectations. */
export const ALL_KEYS = [
  'adele', 'alex', 'megan', 'lee', 'christie', 'picard', 'sinead', 'camel', 'nameless', 'pat', 'grace', 'xavier', 'newbie', 'second',
] as const;
