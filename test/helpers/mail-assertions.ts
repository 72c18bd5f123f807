import assert from 'node:assert/strict';
import type { Delivery } from './smtp-sink.js';
import type { TestDatabase } from './databases.js';

/** The delivery addressed (envelope) to `address`; fails unless exactly one arrived. */
export function onlyDeliveryTo(deliveries: Delivery[], address: string): Delivery {
  const mine = deliveries.filter((d) => d.rcptTo.includes(address.toLowerCase()));
  assert.equal(mine.length, 1, `expected one mail to ${address}, got ${mine.length}`);
  return mine[0];
}

/** Waits until the sink holds a mail for `address`, then returns it. */
export async function mailTo(deliveries: Delivery[], address: string, timeoutMs = 20_000): Promise<Delivery> {
  const deadline = Date.now() + timeoutMs;
  while (!deliveries.some((d) => d.rcptTo.includes(address.toLowerCase()))) {
    if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return onlyDeliveryTo(deliveries, address);
}

export interface OutboxRow { id: string; state: string; attempts: number; message_id: string | null; last_reply: string | null; last_error: string | null }

/** The outbox row of the invitation to `address`, read straight from the database. */
export async function outboxRowFor(db: TestDatabase, invitationId: string): Promise<OutboxRow | undefined> {
  const rows = await db.query<OutboxRow & { payload: string }>('SELECT id, state, attempts, message_id, last_reply, last_error, payload FROM outbox');
  const row = rows.find((r) => (JSON.parse(r.payload) as { invitationId: string }).invitationId === invitationId);
  return row && { ...row, attempts: Number(row.attempts) };
}

/** Polls until the invitation's outbox row satisfies `done`. */
export async function waitForRow(db: TestDatabase, invitationId: string, done: (r: OutboxRow) => boolean, timeoutMs = 20_000): Promise<OutboxRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await outboxRowFor(db, invitationId);
    if (row && done(row)) return row;
    if (Date.now() > deadline) throw new Error(`outbox row of ${invitationId} never got there; last: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The redemption link of a mail's text part. */
export function linkIn(text: string): URL {
  const m = /https?:\/\/\S+\/redeem\?\S+/.exec(text);
  assert.ok(m, 'the mail has a redemption link');
  return new URL(m[0]);
}
