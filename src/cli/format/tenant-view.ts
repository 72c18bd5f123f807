import type { Tenant, TenantDomain } from '../../domain/model.js';

/** Initial domain first, then by name: the same order whether just created or read back. */
function ordered(t: Tenant): TenantDomain[] {
  return [...t.domains].sort((a, b) => Number(b.isInitial) - Number(a.isInitial) || a.name.localeCompare(b.name));
}

/** A tenant as `--json` prints it; `verifiedDomains` follows Graph's organization resource. */
export function tenantJson(t: Tenant) {
  return {
    id: t.id,
    displayName: t.displayName,
    initialDomain: t.initialDomain,
    verifiedDomains: ordered(t).filter((d) => d.isVerified).map((d) => ({ name: d.name, isDefault: d.isDefault, isInitial: d.isInitial })),
    createdDateTime: t.createdDateTime,
  };
}

/** `contoso.onmicrosoft.com (initial), contoso.com (default)` */
export function domainSummary(t: Tenant): string {
  return ordered(t)
    .map((d) => {
      const marks = [d.isInitial && 'initial', d.isDefault && 'default'].filter(Boolean);
      return marks.length ? `${d.name} (${marks.join(', ')})` : d.name;
    })
    .join(', ');
}

export function tenantLines(t: Tenant): string[] {
  return [
    `tenant   ${t.displayName}`,
    `id       ${t.id}`,
    `domains  ${domainSummary(t)}`,
  ];
}
