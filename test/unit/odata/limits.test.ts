import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_DEPTH, MAX_IN_VALUES, MAX_TEXT_LENGTH, decodeQueryValue, parseFilter, parseOrderBy, parseSearch, parseSelect, printFilter,
} from '../../../src/odata/index.js';
import { syntaxError } from './syntax-error.js';

const nestedParens = (n: number) => `${'('.repeat(n)}a eq 1${')'.repeat(n)}`;
const nestedLambdas = (n: number) =>
  Array.from({ length: n }, (_, i) => `c${i}/any(x${i}:`).join('') + 'x0 eq 1' + ')'.repeat(n);

describe('nesting depth limit', () => {
  it(`accepts ${MAX_DEPTH} levels of parentheses and prints them back`, () => {
    const ast = parseFilter(nestedParens(MAX_DEPTH));
    assert.equal(printFilter(ast), 'a eq 1');
  });
  it(`refuses ${MAX_DEPTH + 1} levels`, () => {
    const err = syntaxError(() => parseFilter(nestedParens(MAX_DEPTH + 1)));
    assert.equal(err.position, MAX_DEPTH + 1);
    assert.match(err.message, /^Recursion depth exceeded allowed limit of 100 at position 101 in '/);
  });
  it('refuses 10,000 open parentheses quickly', () => {
    assert.match(syntaxError(() => parseFilter('('.repeat(10_000))).message, /^Recursion depth exceeded/);
  });
  it('refuses 10,000 nested not', () => {
    assert.match(syntaxError(() => parseFilter(`${'not '.repeat(8_000)}(a eq 1)`)).message, /^Recursion depth exceeded/);
  });
  it(`accepts ${MAX_DEPTH} nested lambdas and refuses ${MAX_DEPTH + 1}`, () => {
    const ast = parseFilter(nestedLambdas(MAX_DEPTH));
    assert.deepEqual(parseFilter(printFilter(ast)), ast);
    assert.match(syntaxError(() => parseFilter(nestedLambdas(MAX_DEPTH + 1))).message, /^Recursion depth exceeded/);
  });
  it('refuses deep $search grouping', () => {
    assert.match(syntaxError(() => parseSearch(`${'('.repeat(5_000)}"a:b"${')'.repeat(5_000)}`)).message, /^Recursion depth exceeded/);
  });
  it('10,000 closing parentheses are a plain syntax error', () => {
    assert.equal(syntaxError(() => parseFilter(`a eq 1${')'.repeat(10_000)}`)).position, 7);
  });
});

describe('text length limit', () => {
  const longest = `displayName eq '${'x'.repeat(MAX_TEXT_LENGTH - 17)}'`;
  it(`accepts ${MAX_TEXT_LENGTH} characters`, () => {
    assert.equal(longest.length, MAX_TEXT_LENGTH);
    assert.equal(parseFilter(longest).kind, 'compare');
  });
  it('refuses one more, before reading it', () => {
    const err = syntaxError(() => parseFilter(`${longest} `));
    assert.equal(err.message, `The query text is ${MAX_TEXT_LENGTH + 1} characters long, which exceeds the limit of ${MAX_TEXT_LENGTH} characters.`);
    assert.equal(err.position, MAX_TEXT_LENGTH);
  });
  const megabyte = "'".repeat(1 << 20);
  for (const [name, parse] of [['$filter', parseFilter], ['$orderby', parseOrderBy], ['$select', parseSelect], ['$search', parseSearch]] as const) {
    it(`${name} refuses a 1 MB text`, () => assert.match(syntaxError(() => parse(megabyte)).message, /exceeds the limit of 32768 characters/));
  }
  it('decodeQueryValue refuses raw text that cannot decode to an acceptable length', () => {
    assert.match(syntaxError(() => decodeQueryValue('%41'.repeat(1 << 18))).message, /exceeds the limit of 98304 characters/);
  });
  it('error messages echo at most 2,048 characters of the text', () => {
    const err = syntaxError(() => parseFilter(`${'a eq 1 and '.repeat(1_000)}`));
    assert.ok(err.message.length < 2_200, String(err.message.length));
    assert.match(err.message, /\.\.\.'\.$/);
  });
});

describe('in-list size limit', () => {
  const list = (n: number) => `id in (${Array.from({ length: n }, (_, i) => `'${i}'`).join(',')})`;
  it(`accepts ${MAX_IN_VALUES} values`, () => {
    const ast = parseFilter(list(MAX_IN_VALUES));
    assert.equal(ast.kind === 'in' && ast.values.length, MAX_IN_VALUES);
  });
  it(`refuses ${MAX_IN_VALUES + 1}, at the first value too many`, () => {
    const text = list(MAX_IN_VALUES + 1);
    const err = syntaxError(() => parseFilter(text));
    assert.equal(err.position, text.lastIndexOf("'1000'"));
    assert.match(err.message, /^The 'in' list exceeds the limit of 1000 values at position \d+ in '/);
  });
});
