import type { Repos } from '../ports.js';
import { directoryRoleTemplateIds } from './token-roles.js';

/**
 * Directory roles whose holders may grant tenant-wide (admin) consent: Global Administrator,
 * Privileged Role Administrator, Cloud Application Administrator, Application Administrator
 * (Entra's "grant tenant-wide admin consent" doc; template ids from the built-in roles reference).
 */
export const CONSENT_ADMIN_ROLES = [
  '62e90394-69f5-4237-9190-012177145e10',
  'e8611ab8-c189-46e8-94e1-60213ab1f814',
  '158c047a-c907-4556-b7ef-446551a6b5f7',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
];

export async function mayGrantAdminConsent(repos: Repos, tenantId: string, userId: string): Promise<boolean> {
  const roles = await directoryRoleTemplateIds(repos, tenantId, userId);
  return roles.some((r) => CONSENT_ADMIN_ROLES.includes(r));
}
