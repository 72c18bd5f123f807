import { badRequest } from '../errors.js';
import type { Tenant } from '../model.js';

/**
 * A member's UPN is `prefix@domain` with one of the tenant's verified domains (Graph's rule for
 * POST/PATCH /users). Guests keep their `#EXT#` UPN on the initial domain.
 */
export function checkMemberUpn(tenant: Tenant, upn: string): void {
  const at = upn.lastIndexOf('@');
  const prefix = upn.slice(0, at);
  const domain = upn.slice(at + 1).toLowerCase();
  if (at <= 0 || prefix.length > 64 || /[\s"\\,:;<>()[\]]/.test(prefix) || /^\.|\.$/.test(prefix)) {
    throw badRequest(`Invalid value specified for property 'userPrincipalName' of resource 'User'.`, 'userPrincipalName');
  }
  if (!tenant.domains.some((d) => d.isVerified && d.name.toLowerCase() === domain)) {
    throw badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.', 'userPrincipalName');
  }
}

export function checkMailNickname(nick: string): void {
  if (!nick || nick.length > 64 || /[\s@()\\[\]";:<>,]/.test(nick)) {
    throw badRequest(`Invalid value specified for property 'mailNickname' of resource 'User'.`, 'mailNickname');
  }
}
