import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { newClientSecret } from '../../src/domain/random.js';
import { parsePermissions } from '../../src/domain/identity/permissions.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, {});
    assert.equal(c.port, 8443);
    assert.equal(c.db, './data/portico.db');
    assert.equal(c.publicUrl, 'https://localhost:8443');
    assert.equal(c.http, false);
    assert.ok(Object.isFrozen(c));
  });
  it('lets the environment override defaults and flags override the environment', () => {
    const c = loadConfig({ port: 9000 }, { PORTICO_PORT: '7000', PORTICO_HTTP: 'true', PORTICO_DB: 'postgres://x/y' });
    assert.equal(c.port, 9000);
    assert.equal(c.http, true);
    assert.equal(c.db, 'postgres://x/y');
    assert.equal(c.publicUrl, 'http://localhost:9000');
    assert.equal(loadConfig({ publicUrl: 'https://portico.example.com/' }, {}).publicUrl, 'https://portico.example.com');
  });
  const bad: [Record<string, unknown>, Record<string, string>][] = [
    [{ port: 'abc' }, {}], [{ port: 70000 }, {}], [{}, { PORTICO_HTTP: 'maybe' }], [{ tlsCert: 'a.pem' }, {}], [{ publicUrl: 'ftp://x' }, {}],
  ];
  for (const [flags, env] of bad) {
    it(`refuses ${JSON.stringify({ ...flags, ...env })}`, () => assert.throws(() => loadConfig(flags, env), ConfigError));
  }
});

describe('client secrets and permissions', () => {
  it('makes 40-character secrets, all different', () => {
    const secrets = new Set(Array.from({ length: 200 }, newClientSecret));
    assert.equal(secrets.size, 200);
    for (const s of secrets) assert.match(s, /^[A-Za-z0-9_.-]{3}P~[A-Za-z0-9_.-]{35}$/);
  });
  it('normalizes permission names and reports unknown ones', () => {
    assert.deepEqual(parsePermissions(['user.invite.all', ' User.Read.All ', 'User.Invite.All', 'Mail.Send']), { ok: ['User.Invite.All', 'User.Read.All'], unknown: ['Mail.Send'] });
  });
});
