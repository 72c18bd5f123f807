import type { Config } from '../../config/config.js';
import type { Clock } from '../../domain/clock.js';
import { DomainError } from '../../domain/errors.js';
import { createApp, type CreatedSecret } from '../../domain/identity/create-app.js';
import type { AppRegistration, Tenant } from '../../domain/model.js';
import type { Store } from '../../domain/ports.js';
import { newId } from '../../domain/random.js';
import { createTenant } from '../../domain/tenants/create-tenant.js';

export interface Bootstrap {
  tenant: Tenant;
  app: AppRegistration;
  secret: CreatedSecret;
}

const CLAIM = 'bootstrap-claim';
/** A claim this old with still no tenant means its process died half-way; bootstrap again. */
const STALE_CLAIM_MS = 5 * 60_000;

export const bootstrapPermissions = ['User.Invite.All', 'User.ReadWrite.All'];

/**
 * On a new database, creates the default tenant and an app to call the API with, so a fresh
 * `portico serve` is usable at once. Returns null when there is nothing to do.
 *
 * Several processes may start together on one PostgreSQL. They elect one bootstrapper through an
 * instance secret: each offers its own claim, the database keeps the first, and only its author
 * goes on. Everyone else returns at once; the winner's tenant appears moments later.
 */
export async function bootstrapFirstStart(store: Store, clock: Clock, config: Readonly<Config>): Promise<Bootstrap | null> {
  if ((await store.tenants.list()).length > 0) return null;
  const mine = `${newId()} ${clock.now().toISOString()}`;
  const claim = await store.instanceSecrets.getOrCreate(CLAIM, () => mine);
  if (claim !== mine && !isStale(claim, clock)) return null;

  let tenant: Tenant;
  try {
    tenant = await createTenant(store, clock, { name: config.defaultTenantName, domainSuffix: config.domainSuffix });
  } catch (err) {
    // The initial domain is unique, so if two processes do get here (a stale claim taken over by
    // two at once), the database still lets only one tenant through.
    if (err instanceof DomainError && err.kind === 'Conflict') return null;
    throw err;
  }
  const { app, secret } = await createApp(store, clock, {
    tenantId: tenant.id, name: 'Portico bootstrap', permissions: bootstrapPermissions,
  });
  return { tenant, app, secret };
}

function isStale(claim: string, clock: Clock): boolean {
  const at = Date.parse(claim.split(' ')[1] ?? '');
  return Number.isFinite(at) && clock.now().getTime() - at > STALE_CLAIM_MS;
}
