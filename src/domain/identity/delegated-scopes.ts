import { normalizeNames } from './permissions.js';

/**
 * Delegated permissions (OAuth2 scopes) of Microsoft Graph that Portico understands, with Graph's
 * permission ids and whether Entra requires admin consent for them (Graph permissions reference),
 * plus the OpenID Connect scopes every sign-in may ask for.
 */
export interface DelegatedScope { id: string; adminConsentRequired: boolean; description: string }

export const graphDelegatedScopes: Record<string, DelegatedScope> = {
  'User.Read': { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', adminConsentRequired: false, description: 'Sign you in and read your profile' },
  'User.ReadBasic.All': { id: 'b340eb25-3456-403f-be2f-af7a0d370277', adminConsentRequired: false, description: "Read all users' basic profiles" },
  'User.Read.All': { id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', adminConsentRequired: true, description: "Read all users' full profiles" },
  'User.Invite.All': { id: '63dd7cd9-b489-4adf-a28c-ac38b9a0f962', adminConsentRequired: true, description: 'Invite guest users to the organization' },
  'User.ReadWrite.All': { id: '204e0828-b5ca-4ad8-b9f3-f32a958e7cc4', adminConsentRequired: true, description: "Read and write all users' full profiles" },
  'Directory.Read.All': { id: '06da0dbc-49e2-44d2-8312-53f166ab848a', adminConsentRequired: true, description: 'Read directory data' },
  'Directory.ReadWrite.All': { id: 'c5366453-9fb0-48a5-a156-24f0c49a4b84', adminConsentRequired: true, description: 'Read and write directory data' },
};

export const oidcScopes: Record<string, DelegatedScope> = {
  openid: { id: '37f7f235-527c-4136-accd-4a02d197296e', adminConsentRequired: false, description: 'Sign you in' },
  profile: { id: '14dad69e-099b-42c9-810b-d002981feec1', adminConsentRequired: false, description: 'View your basic profile' },
  email: { id: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', adminConsentRequired: false, description: 'View your email address' },
  offline_access: { id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', adminConsentRequired: false, description: 'Maintain access to data you have given it access to' },
};

export const knownDelegatedScopes = Object.keys(graphDelegatedScopes);

/** Normalizes delegated permission names to Graph's spelling, refusing unknown ones. */
export function parseDelegatedScopes(names: string[]): { ok: string[]; unknown: string[] } {
  return normalizeNames(knownDelegatedScopes, names);
}

export const needsAdminConsent = (scope: string): boolean => graphDelegatedScopes[scope]?.adminConsentRequired ?? true;
