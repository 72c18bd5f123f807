import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { DeviceAuthorization, User } from '../model.js';
import { UniqueViolation, type Store } from '../ports.js';
import { newTicket, sha256 } from '../random.js';
import { resolveClient, type GrantServices } from './grants/grant-context.js';
import { oauthErrors } from './oauth-error.js';
import { parseScopeRequest, scopeString } from './scope-request.js';

/** Entra's device codes live 15 minutes and are polled every 5 seconds. */
export const DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

// No 0/O, 1/I/L: the code is read off one screen and typed on another.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newUserCode = () => Array.from({ length: 9 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export const normalizeUserCode = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, '');

export interface StartedDeviceAuthorization { userCode: string; deviceCode: string; expiresIn: number; interval: number }

/** `POST /{tenant}/oauth2/v2.0/devicecode` (RFC 8628 §3.1–3.2): public client apps only. */
export async function startDeviceAuthorization(s: GrantServices, tenantSegment: string, clientId: string | undefined, scope: string | undefined): Promise<StartedDeviceAuthorization> {
  const { tenant, app } = await resolveClient(s, tenantSegment, clientId);
  if (!scope) throw oauthErrors.missingParameter('scope');
  const scopes = parseScopeRequest(scope, app);
  if (!app.isPublicClient) throw oauthErrors.publicClientDisabled();
  const deviceCode = newTicket();
  for (let attempt = 0; ; attempt++) {
    const device: DeviceAuthorization = {
      tenantId: tenant.id, deviceCodeHash: sha256(deviceCode), userCode: newUserCode(), clientId: app.appId,
      scopes: scopeString(scopes).split(' '), state: 'pending', userId: null, authTime: null,
      intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS, lastPollDateTime: null,
      expiresDateTime: new Date(s.clock.now().getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000).toISOString(),
    };
    try {
      await s.store.transact((r) => r.deviceCodes.insert(device));
      return { userCode: device.userCode, deviceCode, expiresIn: DEVICE_CODE_LIFETIME_SECONDS, interval: DEVICE_POLL_INTERVAL_SECONDS };
    } catch (err) {
      if (!(err instanceof UniqueViolation) || attempt >= 3) throw err;
    }
  }
}

/** The pending authorization a user code names, if it has not expired. */
export async function findPendingDevice(store: Store, clock: Clock, userCode: string): Promise<DeviceAuthorization | undefined> {
  const d = await store.deviceCodes.findByUserCode(normalizeUserCode(userCode));
  if (!d || d.state !== 'pending' || Date.parse(d.expiresDateTime) <= clock.now().getTime()) return undefined;
  return d;
}

/** The person at the device login page signed in and consented (or declined). */
export async function completeDevice(store: Store, clock: Clock, device: DeviceAuthorization, user: User, approved: boolean): Promise<void> {
  await store.transact((r) => r.deviceCodes.update({
    ...device, state: approved ? 'approved' : 'denied', userId: user.id, authTime: clock.now().toISOString(),
  }));
}
