import { badRequest, DomainError } from '../errors.js';
import type { Tenant } from '../model.js';
import { UniqueViolation, type Store } from '../ports.js';
import { newId } from '../random.js';
import type { Clock } from '../clock.js';

export interface CreateTenantInput {
  name: string;
  /** Extra verified domains (e.g. `contoso.com`); the first becomes the default. */
  domains?: string[];
  domainSuffix: string;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** `Contoso Ltd` -> `contosoltd`: the label of the initial `<label>.onmicrosoft.com` domain. */
export function initialDomainLabel(name: string): string {
  return name.normalize('NFKD').replace(/[^a-zA-Z0-9]/g, '').toLowerCase().slice(0, 27);
}

export async function createTenant(store: Store, clock: Clock, input: CreateTenantInput): Promise<Tenant> {
  const label = initialDomainLabel(input.name);
  if (!label) throw badRequest(`Tenant name '${input.name}' has no letters or digits to make a domain from.`);
  const initialDomain = `${label}.${input.domainSuffix}`;
  const extra = input.domains ?? [];
  for (const d of [initialDomain, ...extra]) {
    if (!DOMAIN.test(d)) throw badRequest(`'${d}' is not a valid domain name.`);
  }
  const tenant: Tenant = {
    id: newId(),
    displayName: input.name,
    initialDomain,
    createdDateTime: clock.now().toISOString(),
    domains: [
      { name: initialDomain, isInitial: true, isDefault: extra.length === 0, isVerified: true },
      ...extra.map((name, i) => ({ name: name.toLowerCase(), isInitial: false, isDefault: i === 0, isVerified: true })),
    ],
  };
  try {
    await store.transact((r) => r.tenants.insert(tenant));
  } catch (err) {
    if (err instanceof UniqueViolation) {
      throw new DomainError('Conflict', 'Request_BadRequest', 'A domain of this tenant already belongs to another tenant.');
    }
    throw err;
  }
  return tenant;
}

export async function resolveTenant(store: Store, idOrDomain: string): Promise<Tenant> {
  const t = await store.tenants.findByIdOrDomain(idOrDomain);
  if (!t) throw new DomainError('NotFound', 'Request_ResourceNotFound', `Tenant '${idOrDomain}' not found.`);
  return t;
}
