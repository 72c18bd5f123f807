import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import type { KeysetPosition } from '../../domain/users/user-query.js';

/**
 * `$skiptoken`s are opaque to clients and tamper-evident: the keyset position, the tenant it was
 * issued for and a fingerprint of the query it continues, signed with an HMAC key shared by all
 * processes. An edited token, one from another tenant, or one replayed with a different
 * `$filter`, `$orderby` or `$search` is refused with 400.
 */
export class SkipTokens {
  constructor(private readonly key: string) {}

  issue(tenantId: string, position: KeysetPosition, query: string): string {
    const payload: TokenPayload = { t: tenantId, q: query, i: position.id, ...(position.key === undefined ? {} : { k: position.key }) };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  read(tenantId: string, token: string, query: string): KeysetPosition {
    const [body, mac, extra] = token.split('.');
    const expected = body ? this.mac(body) : '';
    if (!body || !mac || extra !== undefined || mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
      throw invalid();
    }
    let parsed: Partial<Record<keyof TokenPayload, unknown>>;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Record<keyof TokenPayload, unknown>>;
    } catch {
      throw invalid();
    }
    if (parsed.t !== tenantId || typeof parsed.i !== 'string') throw invalid();
    if (parsed.q !== query) throw invalid();
    if (parsed.k === undefined) return { id: parsed.i };
    if (parsed.k !== null && typeof parsed.k !== 'string') throw invalid();
    return { key: parsed.k, id: parsed.i };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

interface TokenPayload { t: string; q: string; i: string; k?: string | null }

/** What a token is bound to: the decoded texts of the options that choose and order the rows. */
export function queryFingerprint(texts: { filter?: string; orderBy?: string; search?: string }): string {
  return createHash('sha256').update(JSON.stringify([texts.filter ?? '', texts.orderBy ?? '', texts.search ?? ''])).digest('base64url').slice(0, 22);
}

const invalid = () => new DomainError('BadRequest', 'Request_BadRequest', "The value of the '$skiptoken' query parameter is not valid.");
