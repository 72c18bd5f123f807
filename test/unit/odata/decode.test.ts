import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeQueryValue, parseFilter, printFilter } from '../../../src/odata/index.js';
import { syntaxError } from './syntax-error.js';

describe('decodeQueryValue', () => {
  const cases: [raw: string, text: string, why: string][] = [
    ["displayName eq 'a'", "displayName eq 'a'", 'plain text passes through'],
    ["displayName+eq+'a'", "displayName eq 'a'", '+ is a space (form encoding)'],
    ['displayName%20eq%20%27a%27', "displayName eq 'a'", 'percent-decoding'],
    ["displayName eq 'a%2Bb'", "displayName eq 'a+b'", '%2B is a literal plus'],
    ['createdDateTime ge 2021-01-01T00:00:00%2B01:00', 'createdDateTime ge 2021-01-01T00:00:00+01:00', 'an encoded offset sign'],
    ["endsWith(userPrincipalName,'%23EXT%23@contoso.com')", "endsWith(userPrincipalName,'#EXT#@contoso.com')", 'user-list: # sent as %23'],
    ["displayName eq '%E4%B8%AD%E6%96%87'", "displayName eq '中文'", 'UTF-8'],
    ['displayName%2520eq%2520%2527a%2527', "displayName eq 'a'", 'double-encoded: decoded twice'],
    ['startswith(displayName%252C%2527a%2527)', "startswith(displayName,'a')", 'double-encoded comma and quotes'],
    ["displayName eq '100%25'", "displayName eq '100%'", 'a literal % stays once decoded'],
    ["displayName eq '%2525'", "displayName eq '%25'", 'no encoded punctuation: one decoding only'],
    ["displayName eq '%2527%25'", "displayName eq '%27%'", 'second decoding fails (% alone): the first result stands'],
    ["x eq '%2527'", "x eq '''", 'the documented price: an encoded %27 is taken for double encoding'],
    ['', '', 'empty'],
  ];
  for (const [raw, text, why] of cases) it(`${why}: ${raw}`, () => assert.equal(decodeQueryValue(raw), text));

  const malformed: [string, number][] = [['%', 0], ['%G1', 0], ['%FF', 0], ['a%20%', 4], ['ok%E4%B8', 2], ['%C3%28', 0]];
  for (const [raw, position] of malformed) {
    it(`refuses malformed ${raw}`, () => {
      const err = syntaxError(() => decodeQueryValue(raw));
      assert.equal(err.position, position);
      assert.equal(err.message, `The query option value is not correctly percent-encoded at position ${position}.`);
    });
  }

  it('a raw + in an offset decodes to a space, which the parser then refuses', () => {
    const err = syntaxError(() => parseFilter(decodeQueryValue('createdDateTime ge 2021-01-01T00:00:00+01:00')));
    assert.match(err.message, /^Unrecognized 'Edm.DateTimeOffset' literal '2021-01-01T00:00:00'/);
  });
  it('feeds the parser', () => {
    assert.equal(printFilter(parseFilter(decodeQueryValue("userType+in+(%27Guest%27%2C%27Member%27)"))), "userType in ('Guest','Member')");
  });
});
