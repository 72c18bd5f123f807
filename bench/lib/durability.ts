import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export interface DurabilityReport {
  acked: number;
  guests: number;
  invitations: number;
  outbox: number;
  audit: number;
  /** Acknowledged addresses without a guest, its invitation and the invitation's mail in the outbox. */
  missing: string[];
  /** Complete invitations nobody saw a 201 for: requests in flight when the load stopped. */
  unacknowledged: number;
  ok: boolean;
  note: string;
}

interface Rows {
  guests: { id: string; key: string }[];
  invitations: { id: string; userId: string }[];
  outboxInvitationIds: string[];
  audit: number;
}

const GUESTS = "SELECT id, invited_address_key AS key FROM users WHERE tenant_id = $t AND creation_type = 'Invitation'";
const INVITATIONS = 'SELECT id, user_id AS "userId" FROM invitations WHERE tenant_id = $t';
const OUTBOX = "SELECT payload FROM outbox WHERE tenant_id = $t AND kind = 'invitation-mail'";
const AUDIT = 'SELECT count(*) AS n FROM audit_logs WHERE tenant_id = $t';

/** Reads the tenant's rows straight from the database file or server, with no Portico code in between. */
async function readRows(url: string, tenantId: string): Promise<Rows> {
  const payloadIds = (rows: { payload: string }[]) => rows.map((r) => (JSON.parse(r.payload) as { invitationId: string }).invitationId);
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql.replace('$t', '$1'), [tenantId])).rows;
      return {
        guests: await q<{ id: string; key: string }>(GUESTS),
        invitations: await q<{ id: string; userId: string }>(INVITATIONS),
        outboxInvitationIds: payloadIds(await q<{ payload: string }>(OUTBOX)),
        audit: Number((await q<{ n: string }>(AUDIT))[0].n),
      };
    } finally {
      await client.end();
    }
  }
  const db = new SqliteDatabase(url);
  try {
    const q = <T>(sql: string) => db.prepare(sql.replace('$t', '?')).all(tenantId) as T[];
    return {
      guests: q<{ id: string; key: string }>(GUESTS),
      invitations: q<{ id: string; userId: string }>(INVITATIONS),
      outboxInvitationIds: payloadIds(q<{ payload: string }>(OUTBOX)),
      audit: q<{ n: number }>(AUDIT)[0].n,
    };
  } finally {
    db.close();
  }
}

/**
 * After the server is stopped: every address it acknowledged must have its guest, an invitation for
 * that guest and the invitation's mail in the outbox (all written in one unit of work), and the
 * tables must agree with each other. Rows beyond the acknowledged ones are requests that were in
 * flight when autocannon stopped: committed, never answered; there can be at most one per connection
 * per load phase.
 */
export async function checkDurability(url: string, tenantId: string, acked: string[], maxInFlight: number): Promise<DurabilityReport> {
  const rows = await readRows(url, tenantId);
  const mailed = new Set(rows.outboxInvitationIds);
  const invitedUsers = new Set(rows.invitations.filter((i) => mailed.has(i.id)).map((i) => i.userId));
  const complete = new Set(rows.guests.filter((g) => invitedUsers.has(g.id)).map((g) => g.key));
  const ackedSet = new Set(acked.map((a) => a.toLowerCase()));
  const missing = [...ackedSet].filter((a) => !complete.has(a));
  const unacknowledged = [...complete].filter((k) => !ackedSet.has(k)).length;
  const consistent = rows.guests.length === rows.invitations.length && rows.invitations.length === rows.outboxInvitationIds.length
    && rows.outboxInvitationIds.length === rows.audit && complete.size === rows.guests.length;
  const ok = missing.length === 0 && ackedSet.size === acked.length && consistent && unacknowledged <= maxInFlight;
  const problems = [
    missing.length > 0 ? `${missing.length} acknowledged invitation(s) MISSING` : '',
    ackedSet.size !== acked.length ? `${acked.length - ackedSet.size} duplicate acknowledgement(s)` : '',
    consistent ? '' : 'tables disagree (guests/invitations/outbox/audit)',
    unacknowledged > maxInFlight ? `${unacknowledged} unacknowledged rows exceed the ${maxInFlight} requests that can be in flight` : '',
  ].filter(Boolean);
  return {
    acked: acked.length, guests: rows.guests.length, invitations: rows.invitations.length, outbox: rows.outboxInvitationIds.length,
    audit: rows.audit, missing: missing.slice(0, 10), unacknowledged, ok,
    note: ok
      ? `all ${acked.length} acknowledged invitations durable; ${unacknowledged} more committed while in flight at stop`
      : problems.join('; '),
  };
}
