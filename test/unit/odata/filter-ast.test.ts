import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ComparisonOperator, FilterNode, Literal, Operand } from '../../../src/odata/index.js';
import { parseFilter } from '../../../src/odata/index.js';

// Small builders so expected trees read like the filters they stand for.
const prop = (...path: string[]): Operand => ({ kind: 'property', path });
const v = (name: string, ...path: string[]): Operand => ({ kind: 'variable', name, path });
const str = (value: string): Literal => ({ kind: 'literal', type: 'string', value });
const num = (text: string): Literal => ({ kind: 'literal', type: 'number', text, value: Number(text), integer: /^-?\d+$/.test(text) });
const guid = (text: string): Literal => ({ kind: 'literal', type: 'guid', text });
const nul: Literal = { kind: 'literal', type: 'null' };
const bool = (value: boolean): Literal => ({ kind: 'literal', type: 'boolean', value });
const cmp = (operator: ComparisonOperator, left: Operand, right: Operand): FilterNode => ({ kind: 'compare', operator, left, right });
const eq = (left: Operand, right: Operand) => cmp('eq', left, right);
const and = (...operands: FilterNode[]): FilterNode => ({ kind: 'and', operands });
const or = (...operands: FilterNode[]): FilterNode => ({ kind: 'or', operands });
const not = (operand: FilterNode): FilterNode => ({ kind: 'not', operand });
const any = (collection: Operand, variable: string, predicate: FilterNode): FilterNode =>
  ({ kind: 'any', collection: collection as never, variable, predicate });
const count = (...path: string[]): Operand => ({ kind: 'count', collection: { kind: 'property', path } });
const [a, b, c] = [prop('a'), prop('b'), prop('c')];

describe('$filter precedence: not > comparison > and > or', () => {
  const cases: [string, FilterNode][] = [
    ['a eq 1 or b eq 2 and c eq 3', or(eq(a, num('1')), and(eq(b, num('2')), eq(c, num('3'))))],
    ['a eq 1 and b eq 2 or c eq 3', or(and(eq(a, num('1')), eq(b, num('2'))), eq(c, num('3')))],
    ['(a eq 1 or b eq 2) and c eq 3', and(or(eq(a, num('1')), eq(b, num('2'))), eq(c, num('3')))],
    ['not(a eq 1) and b eq 2', and(not(eq(a, num('1'))), eq(b, num('2')))],
    ['not(a eq 1 and b eq 2) or c eq 3', or(not(and(eq(a, num('1')), eq(b, num('2')))), eq(c, num('3')))],
    ['a eq 1 OR b eq 2 AND NOT(c eq 3)', or(eq(a, num('1')), and(eq(b, num('2')), not(eq(c, num('3')))))],
  ];
  for (const [input, expected] of cases) it(input, () => assert.deepEqual(parseFilter(input), expected));
});

describe('$filter and/or are n-ary and flattened', () => {
  const flat = or(eq(a, num('1')), eq(b, num('2')), eq(c, num('3')));
  it('a chain is one node', () => assert.deepEqual(parseFilter('a eq 1 or b eq 2 or c eq 3'), flat));
  it('redundant grouping is folded', () => {
    assert.deepEqual(parseFilter('a eq 1 or (b eq 2 or c eq 3)'), flat);
    assert.deepEqual(parseFilter('((a eq 1 or b eq 2)) or c eq 3'), flat);
  });
  it('a long chain stays shallow', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `a eq ${i}`).join(' or ');
    const ast = parseFilter(text);
    assert.equal(ast.kind === 'or' && ast.operands.length, 2000);
  });
});

describe('$filter operands and literals', () => {
  const cases: [string, FilterNode][] = [
    ["displayName eq 'O''Neil'", eq(prop('displayName'), str("O'Neil"))],
    ["displayName eq ''", eq(prop('displayName'), str(''))],
    ["displayName eq ' a  b '", eq(prop('displayName'), str(' a  b '))],
    ['companyName ne null', cmp('ne', prop('companyName'), nul)],
    ['accountEnabled eq TRUE', eq(prop('accountEnabled'), bool(true))],
    ['a eq -1.5', eq(a, num('-1.5'))],
    ['a eq 9007199254740993', eq(a, num('9007199254740993'))],
    ['id eq 4562bcc8-c436-4f95-b7c0-4f8ce89dca5e', eq(prop('id'), guid('4562bcc8-c436-4f95-b7c0-4f8ce89dca5e'))],
    ['createdDateTime ge 2021-01-01T00:00:00.5+01:00',
      cmp('ge', prop('createdDateTime'), { kind: 'literal', type: 'dateTimeOffset', text: '2021-01-01T00:00:00.5+01:00' })],
    ['createdDateTime ge 2021-01-01', cmp('ge', prop('createdDateTime'), { kind: 'literal', type: 'date', text: '2021-01-01' })],
    ["'Sam' eq displayName", eq(str('Sam'), prop('displayName'))],
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'x'", eq(prop('onPremisesExtensionAttributes', 'extensionAttribute1'), str('x'))],
    ["manager/id eq 'x'", eq(prop('manager', 'id'), str('x'))],
    ['otherMails/$count eq 0', eq(count('otherMails'), num('0'))],
    ['assignedLicenses/$count gt 1', cmp('gt', count('assignedLicenses'), num('1'))],
  ];
  for (const [input, expected] of cases) it(input, () => assert.deepEqual(parseFilter(input), expected));

  it('keeps the precision of large integers in text', () => {
    const ast = parseFilter('a eq 9007199254740993') as { right: { text: string; integer: boolean } };
    assert.equal(ast.right.text, '9007199254740993');
    assert.equal(ast.right.integer, true);
  });
  it('keeps property names as written (the validator matches them case-insensitively)', () => {
    assert.deepEqual(parseFilter("DisplayName EQ 'x'"), eq(prop('DisplayName'), str('x')));
  });
});

describe('$filter in, functions and lambdas', () => {
  const cases: [string, FilterNode][] = [
    ["userType in ('Guest','Member')", { kind: 'in', operand: prop('userType'), values: [str('Guest'), str('Member')] }],
    ["companyName in (null, 'Microsoft')", { kind: 'in', operand: prop('companyName'), values: [nul, str('Microsoft')] }],
    ["STARTSWITH(displayName,'a')", { kind: 'function', name: 'startswith', args: [prop('displayName'), str('a')] }],
    ["endsWith(mail,'@x.com')", { kind: 'function', name: 'endswith', args: [prop('mail'), str('@x.com')] }],
    ["not(startswith(mail, 'A'))", not({ kind: 'function', name: 'startswith', args: [prop('mail'), str('A')] })],
    ["otherMails/any(x:x eq 'v')", any(prop('otherMails'), 'x', eq(v('x'), str('v')))],
    ["otherMails/any(p:startswith(p,'v'))",
      any(prop('otherMails'), 'p', { kind: 'function', name: 'startswith', args: [v('p'), str('v')] })],
    ["otherMails/any(x:x in ('a','b'))", any(prop('otherMails'), 'x', { kind: 'in', operand: v('x'), values: [str('a'), str('b')] })],
    ["identities/any(c:c/issuer eq 'contoso.com' and c/issuerAssignedId eq 'x')",
      any(prop('identities'), 'c', and(eq(v('c', 'issuer'), str('contoso.com')), eq(v('c', 'issuerAssignedId'), str('x'))))],
    ["not(otherMails/any(s:s eq 'v'))", not(any(prop('otherMails'), 's', eq(v('s'), str('v'))))],
    ["NOT otherMails/any(i:i eq 'v')", not(any(prop('otherMails'), 'i', eq(v('i'), str('v'))))],
    ['a/any(x:x/b/any(y:y eq x/c))', any(a, 'x', any(v('x', 'b'), 'y', eq(v('y'), v('x', 'c'))))],
    ['a/any(x:b eq 1)', any(a, 'x', eq(b, num('1')))],
    ['a/any(x:x/$count eq 0)', any(a, 'x', eq({ kind: 'count', collection: { kind: 'variable', name: 'x', path: [] } }, num('0')))],
  ];
  for (const [input, expected] of cases) it(input, () => assert.deepEqual(parseFilter(input), expected));

  it("keeps 'all' as its own kind for the validator to refuse", () => {
    assert.equal(parseFilter("otherMails/all(x:x eq 'v')").kind, 'all');
  });
  it('a variable is only a variable inside its lambda', () => {
    assert.deepEqual(parseFilter("a/any(x:x eq 1) and x eq 2"), and(any(a, 'x', eq(v('x'), num('1'))), eq(prop('x'), num('2'))));
  });
});

describe("the reference documentation's existence query", () => {
  const text = "userPrincipalName eq 'sam@x.com' or mail eq 'sam@x.com' or proxyAddresses/any(x:x eq 'SMTP:sam@x.com') " +
    "or signInNames/any(x:x eq 'sam@x.com') or otherMails/any(x:x eq 'sam@x.com')";
  it('parses to one five-way or', () => {
    assert.deepEqual(parseFilter(text), or(
      eq(prop('userPrincipalName'), str('sam@x.com')),
      eq(prop('mail'), str('sam@x.com')),
      any(prop('proxyAddresses'), 'x', eq(v('x'), str('SMTP:sam@x.com'))),
      any(prop('signInNames'), 'x', eq(v('x'), str('sam@x.com'))),
      any(prop('otherMails'), 'x', eq(v('x'), str('sam@x.com'))),
    ));
  });
});
