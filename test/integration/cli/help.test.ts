import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configOptions } from '../../../src/config/config.js';
import { runCli } from '../../helpers/portico-process.js';

/** Every command, the options its help must list, and nothing else needed to run these. */
const commands: { path: string[]; options: string[] }[] = [
  { path: ['serve'], options: configOptions.map((o) => o.flag) },
  { path: ['migrate'], options: ['--db', '--json'] },
  { path: ['tenant', 'create'], options: ['--name', '--domain', '--domain-suffix', '--db', '--json'] },
  { path: ['tenant', 'list'], options: ['--db', '--json'] },
  { path: ['app', 'create'], options: ['--tenant', '--name', '--permissions', '--redirect-uri', '--public-client', '--delegated', '--certificate', '--db', '--json'] },
  { path: ['app', 'consent'], options: ['--tenant', '--app', '--scopes', '--db', '--json'] },
  { path: ['user', 'create'], options: ['--tenant', '--upn', '--display-name', '--password', '--db', '--json'] },
  { path: ['app', 'list'], options: ['--tenant', '--db', '--json'] },
  { path: ['app', 'secret', 'add'], options: ['--tenant', '--app', '--db', '--json'] },
  { path: ['keys', 'rotate'], options: ['--token-lifetime', '--db', '--json'] },
];

describe('portico --help', { concurrency: true }, () => {
  it('lists every command', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['serve', 'migrate', 'tenant', 'app', 'keys', 'user']) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'));
  });

  for (const c of commands) {
    it(`${c.path.join(' ')} --help lists its options, their env variables and an example`, async () => {
      const r = await runCli([...c.path, '--help']);
      assert.equal(r.code, 0, r.stderr);
      for (const o of c.options) assert.match(r.stdout, new RegExp(`^\\s+${o}\\b`, 'm'), `${o} missing`);
      for (const spec of configOptions.filter((s) => c.options.includes(s.flag))) assert.ok(r.stdout.includes(spec.env), spec.env);
      assert.match(r.stdout, new RegExp(`^Examples?:\\n  \\$ portico ${c.path.join(' ')}|^  \\$ .*portico ${c.path.join(' ')}`, 'm'));
    });
  }
});
