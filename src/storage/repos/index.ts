import type { Repos } from '../../domain/ports.js';
import type { Db } from '../schema.js';
import { appRepo } from './app-repo.js';
import { auditRepo } from './audit-repo.js';
import { guestInvitationRepo } from './guest-invitation-repo.js';
import { invitationRepo } from './invitation-repo.js';
import { outboxRepo } from './outbox-repo.js';
import { redemptionRepo } from './redemption-repo.js';
import { policyRepo } from './policy-repo.js';
import { roleRepo } from './role-repo.js';
import { instanceSecretRepo, signingKeyRepo } from './signing-key-repo.js';
import { tenantRepo } from './tenant-repo.js';
import { userRepo } from './user-repo.js';
import { devMailboxRepo } from './dev-mailbox-repo.js';
import { tenantSettingsRepo } from './tenant-settings-repo.js';
import { authCodeRepo } from './auth-code-repo.js';
import { consentRepo } from './consent-repo.js';
import { deviceCodeRepo } from './device-code-repo.js';
import { refreshTokenRepo } from './refresh-token-repo.js';
import { sessionRepo } from './session-repo.js';
import { assertionReplayRepo, throttleRepo } from './sign-in-guard-repos.js';
import { expiredRowsRepo } from './expired-rows-repo.js';

/** All repositories bound to one connection or transaction. */
export function reposFor(db: Db): Repos {
  return {
    tenants: tenantRepo(db),
    apps: appRepo(db),
    users: userRepo(db),
    invitations: invitationRepo(db),
    guestInvitations: guestInvitationRepo(db),
    outbox: outboxRepo(db),
    audit: auditRepo(db),
    keys: signingKeyRepo(db),
    instanceSecrets: instanceSecretRepo(db),
    devMailbox: devMailboxRepo(db),
    tenantSettings: tenantSettingsRepo(db),
    redemption: redemptionRepo(db),
    roles: roleRepo(db),
    policies: policyRepo(db),
    consents: consentRepo(db),
    authCodes: authCodeRepo(db),
    refreshTokens: refreshTokenRepo(db),
    sessions: sessionRepo(db),
    deviceCodes: deviceCodeRepo(db),
    throttles: throttleRepo(db),
    assertionReplays: assertionReplayRepo(db),
    expired: expiredRowsRepo(db),
  };
}
