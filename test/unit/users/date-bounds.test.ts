import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secondBounds } from '../../../src/storage/date-bounds.js';
import { isoInstant } from '../../../src/domain/users/typed-literal.js';

describe('instants compare in whole seconds', () => {
  const cases: [Parameters<typeof secondBounds>[0], string, ReturnType<typeof secondBounds>][] = [
    ['eq', '2021-01-10T08:00:00.000Z', { from: '2021-01-10T08:00:00.000Z', before: '2021-01-10T08:00:01.000Z' }],
    ['eq', '2021-01-10T08:00:00.250Z', 'never'],
    ['ge', '2021-01-10T08:00:00.250Z', { from: '2021-01-10T08:00:01.000Z' }],
    ['gt', '2021-01-10T08:00:00.000Z', { from: '2021-01-10T08:00:01.000Z' }],
    ['le', '2021-01-10T08:00:00.000Z', { before: '2021-01-10T08:00:01.000Z' }],
    ['lt', '2021-01-10T08:00:00.250Z', { before: '2021-01-10T08:00:01.000Z' }],
    ['lt', '2021-01-10T08:00:00.000Z', { before: '2021-01-10T08:00:00.000Z' }],
  ];
  for (const [op, instant, bounds] of cases) it(`${op} ${instant}`, () => assert.deepEqual(secondBounds(op, instant), bounds));

  const literals: [string, string | undefined][] = [
    ['2021-01-01T08:00:00.1234567+01:00', '2021-01-01T07:00:00.123Z'],
    ['2021-01-01T08:00Z', '2021-01-01T08:00:00.000Z'],
    ['2021-01-01t08:00:00z', '2021-01-01T08:00:00.000Z'],
    ['2021-01-01', undefined],
    ['2021-02-30T00:00:00Z', undefined],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['yesterday', undefined],
  ];
  for (const [text, iso] of literals) it(`literal ${text}`, () => assert.equal(isoInstant(text), iso));
});
