import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEmailAddress } from '../../src/domain/invitations/email-address.js';
import { guestMailNickname, guestUpn } from '../../src/domain/invitations/guest-upn.js';

describe('invited email addresses (graph-spec §1.2)', () => {
  const valid: [string, string][] = [
    ['admin@fabrikam.com', 'admin@fabrikam.com'],
    ['Sam.Taylor@Fabrikam.COM', 'sam.taylor@fabrikam.com'],
    ['first_last@sub.example.co.uk', 'first_last@sub.example.co.uk'],
    ['_under_@x.io', '_under_@x.io'],
    ['a-b.c@x.io', 'a-b.c@x.io'],
    ["o'neil@x.io", "o'neil@x.io"],
    ['jürgen@bücher.example', 'jürgen@xn--bcher-kva.example'],
    ['user@xn--bcher-kva.example', 'user@xn--bcher-kva.example'],
  ];
  for (const [input, key] of valid) {
    it(`accepts ${input}`, () => {
      const r = parseEmailAddress(input);
      assert.notEqual(typeof r, 'string', String(r));
      assert.equal((r as { key: string }).key, key);
    });
  }

  const invalid = [
    'plain', '@x.io', 'a@', 'a@b', 'a b@x.io', 'a@b@x.io', '.a@x.io', 'a.@x.io', '-a@x.io', 'a-@x.io', 'a..b@x.io',
    ...'~!#$%^&*()+=[]{}\\/|;:"<>?,'.split('').map((c) => `a${c}b@x.io`),
    'a@-x.io', 'a@x-.io', 'a@x..io', 'a@x.123', 'a@under_score.io', `${'a'.repeat(65)}@x.io`, `a@${'b'.repeat(250)}.io`,
  ];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input)}`, () => assert.equal(typeof parseEmailAddress(input), 'string'));
  }
});

describe('guest UPNs (graph-spec §2.2)', () => {
  const parsed = (s: string) => parseEmailAddress(s) as Exclude<ReturnType<typeof parseEmailAddress>, string>;
  it('replaces @ with _ and appends #EXT# and the initial domain', () => {
    assert.equal(guestUpn(parsed('admin@fabrikam.com'), 'doc.onmicrosoft.com'), 'admin_fabrikam.com#EXT#@doc.onmicrosoft.com');
    assert.equal(guestMailNickname(parsed('admin@fabrikam.com')), 'admin_fabrikam.com#EXT#');
  });
  it('puts a collision suffix before #EXT#', () => {
    assert.equal(guestUpn(parsed('a@contoso.com'), 't.onmicrosoft.com', 2), 'a_contoso.com2#EXT#@t.onmicrosoft.com');
  });
  it('uses the ASCII form of IDN domains and _ for characters a UPN may not hold', () => {
    assert.equal(guestUpn(parsed('ré@bücher.example'), 't.onmicrosoft.com'), 'r__xn--bcher-kva.example#EXT#@t.onmicrosoft.com');
  });
});
