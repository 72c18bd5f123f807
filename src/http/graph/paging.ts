import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';

/**
 * `$skiptoken`s are opaque to clients and tamper-evident: the keyset position and the tenant it was
 * issued for, signed with an HMAC key shared by all processes. A token from another tenant or an
 * edited one is refused with 400.
 */
export class SkipTokens {
  constructor(private readonly key: string) {}

  issue(tenantId: string, afterId: string): string {
    const body = Buffer.from(JSON.stringify({ t: tenantId, a: afterId }), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  read(tenantId: string, token: string): string {
    const [body, mac] = token.split('.');
    const expected = body ? this.mac(body) : '';
    if (!body || !mac || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) throw invalid();
    let parsed: { t?: unknown; a?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { t?: unknown; a?: unknown };
    } catch {
      throw invalid();
    }
    if (parsed.t !== tenantId || typeof parsed.a !== 'string') throw invalid();
    return parsed.a;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

const invalid = () => new DomainError('BadRequest', 'Request_BadRequest', "The value of the '$skiptoken' query parameter is not valid.");
