import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newTicket, sha256, matchesHash } from '../../src/domain/random.js';

// Ids and tickets share one pool of CSPRNG bytes; these draw across many refills of it.
test('tickets are 256 random bits, URL-safe, never repeated, and share no bytes with ids drawn between them', () => {
  const tickets = new Set<string>();
  const bytes = new Set<string>();
  for (let i = 0; i < 5_000; i++) {
    const ticket = newTicket();
    assert.match(ticket, /^[A-Za-z0-9_-]{43}$/);
    tickets.add(ticket);
    const raw = Buffer.from(ticket, 'base64url');
    assert.equal(raw.length, 32);
    // Each 8-byte run of a ticket and of an id's random tail is new: no byte of the pool is handed out twice.
    for (let at = 0; at < 32; at += 8) bytes.add(raw.subarray(at, at + 8).toString('hex'));
    bytes.add(newId().replace(/-/g, '').slice(16));
  }
  assert.equal(tickets.size, 5_000);
  assert.equal(bytes.size, 5_000 * 5);
});

test('ids are RFC 9562 version-7 GUIDs that sort in the order they were made', () => {
  const ids = Array.from({ length: 10_000 }, () => newId());
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});

test('a ticket matches its own hash only', () => {
  const ticket = newTicket();
  assert.ok(matchesHash(ticket, sha256(ticket)));
  assert.ok(!matchesHash(newTicket(), sha256(ticket)));
});
