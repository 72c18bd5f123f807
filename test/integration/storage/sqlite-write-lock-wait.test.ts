import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { GraphHarness } from '../../helpers/graph-harness.js';

/**
 * SQLite only (PostgreSQL has no database-wide write lock): while another process holds SQLite's
 * write lock (a second `portico serve --workers` process, the admin CLI), a write waits for it
 * with the server's event loop free, so reads keep being answered, and then completes.
 */
describe('sqlite: a write waiting for another process\'s write lock', () => {
  it('leaves the server answering reads, and is written once the lock is released', async () => {
    const h = await GraphHarness.start('sqlite');
    const other = new SqliteDatabase(h.db.url);
    try {
      const tenant = await h.tenant();
      const { token } = await h.appWith(tenant, ['User.Invite.All', 'User.Read.All']);
      other.exec('begin immediate');
      const started = Date.now();
      const invitation = h.invite(token, { invitedUserEmailAddress: 'waiting@partner.example', inviteRedirectUrl: 'https://app.example/' });
      // Reads answered while the invitation waits: the event loop is not held by SQLite's busy handler.
      const reads: number[] = [];
      for (let n = 0; n < 5; n++) {
        const res = await h.graph(token, 'GET', '/v1.0/organization');
        assert.equal(res.statusCode, 200);
        reads.push(Date.now() - started);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = await Promise.race([invitation.then(() => 'answered'), Promise.resolve('waiting')]);
      assert.equal(settled, 'waiting', 'the invitation cannot be written while the lock is held');
      assert.ok(reads.every((ms) => ms < 250), `reads were answered at once (${reads.join(', ')} ms)`);
      other.exec('commit');
      const res = await invitation;
      assert.equal(res.statusCode, 201, res.body);
      const users = await h.graph(token, 'GET', `/v1.0/users?$filter=${encodeURIComponent("mail eq 'waiting@partner.example'")}`);
      assert.equal(users.json().value.length, 1);
    } finally {
      if (other.inTransaction) other.exec('rollback');
      other.close();
      await h.stop();
    }
  });
});
