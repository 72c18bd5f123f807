import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ODataSyntaxError, decodeQueryValue, parseFilter, parseOrderBy, parseSearch, parseSelect, printFilter, printSearch,
} from '../../../src/odata/index.js';

/**
 * Randomised robustness: thousands of generated, mutated and hostile texts. Each parser must
 * return a tree or throw ODataSyntaxError with a position inside the text, never anything else,
 * never hang; every $filter it accepts must round-trip through the printer. The generator is
 * hand-rolled (no new dependency) with a fixed seed, so a failure reproduces.
 */

/** mulberry32: a small, well-mixed 32-bit PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(0x0da7a);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const chance = (p: number) => random() < p;

const PROPS = ['displayName', 'mail', 'userType', 'accountEnabled', 'createdDateTime', 'onPremisesExtensionAttributes/extensionAttribute1', 'manager/id'];
const COLLECTIONS = ['otherMails', 'proxyAddresses', 'identities', 'signInNames', 'assignedLicenses'];
const VARIABLES = ['x', 'p', 'i', 'c', 's'];
const STRING_CHARS = ["a", 'Z', ' ', "''", '(', ')', ',', ':', '/', '"', '\\', '%27', 'é', '中', '😀', ';', '-', '*'];

const caseOf = (word: string) => (chance(0.7) ? word : [...word].map((ch) => (chance(0.5) ? ch.toUpperCase() : ch)).join(''));
const ws = () => (chance(0.9) ? ' ' : pick(['  ', '\t', ' \t ']));

function literal(): string {
  switch (int(9)) {
    case 0: return `'${Array.from({ length: int(6) }, () => pick(STRING_CHARS)).join('')}'`;
    case 1: return caseOf('null');
    case 2: return caseOf(pick(['true', 'false']));
    case 3: return String(int(100_000) - 50_000);
    case 4: return `${int(1000)}.${int(1000)}`;
    case 5: return pick(['4562bcc8-c436-4f95-b7c0-4f8ce89dca5e', 'CBDC14AB-D96C-4C30-B9F4-6ADA7CDC1D46']);
    case 6: return pick(['2021-01-01T00:00:00Z', '2024-02-29T23:59:59.1234567+01:00', '1999-12-31T08:30-05:00']);
    case 7: return pick(['2021-01-01', '2000-02-29']);
    default: return `${int(9)}e${int(5)}`;
  }
}

function operand(scope: string[]): string {
  if (scope.length > 0 && chance(0.6)) return chance(0.5) ? pick(scope) : `${pick(scope)}/${pick(['issuer', 'issuerAssignedId', 'skuId'])}`;
  return chance(0.15) ? `${pick(COLLECTIONS)}/$count` : pick(PROPS);
}

function predicate(depth: number, scope: string[]): string {
  const leaf = depth <= 0;
  switch (leaf ? int(4) : int(8)) {
    case 0: return `${operand(scope)}${ws()}${caseOf(pick(['eq', 'ne', 'gt', 'ge', 'lt', 'le']))}${ws()}${literal()}`;
    case 1: return `${operand(scope)}${ws()}${caseOf('in')}${ws()}(${Array.from({ length: 1 + int(4) }, literal).join(pick([',', ', ']))})`;
    case 2: return `${caseOf(pick(['startswith', 'endswith', 'contains']))}(${operand(scope)},${ws()}${literal()})`;
    case 3: return `${literal()}${ws()}eq${ws()}${operand(scope)}`;
    case 4: {
      const free = VARIABLES.filter((v) => !scope.includes(v));
      if (free.length === 0) return predicate(0, scope);
      const v = pick(free);
      return `${pick(COLLECTIONS)}/${caseOf(pick(['any', 'all']))}(${v}:${predicate(depth - 1, [...scope, v])})`;
    }
    case 5: return `${caseOf('not')}${chance(0.5) ? '' : ws()}(${predicate(depth - 1, scope)})`;
    case 6: return `(${predicate(depth - 1, scope)})`;
    default: {
      const op = caseOf(pick(['and', 'or']));
      return Array.from({ length: 2 + int(3) }, () => predicate(depth - 1, scope)).join(`${ws()}${op}${ws()}`);
    }
  }
}

const HOSTILE = [
  "'", '"', '(', ')', ',', '/', ':', '$', '%', '\\', ';', '--', '/*', '*/', '=', '!', '&', '|', '@', '#', '?', '[', ']', '{', '}',
  ' ', '\t', '\n', '\r', '\0', '\u0001', '\u007f', '\u00a0', '\u200b', '\u2028', '\ufeff', '\ud800', '\udc00', '😀', 'é', '中',
  'eq', 'and', 'or', 'not', 'in', 'any', 'all', 'null', 'true', '$count', 'startswith(', 'x:', "''", '0', '-', '.', 'e', 'T', 'Z',
  "' OR 1=1 --", "'; DROP TABLE users; --", 'UNION SELECT', '%27', '%00', 'AND', 'OR', '"a:b"',
];

function mutate(text: string): string {
  let out = text;
  for (let n = 1 + int(4); n > 0; n--) {
    const at = int(out.length + 1);
    switch (int(5)) {
      case 0: out = out.slice(0, at) + pick(HOSTILE) + out.slice(at); break;
      case 1: out = out.slice(0, at) + out.slice(at + 1 + int(3)); break;
      case 2: out = out.slice(0, at); break;
      case 3: out = out.slice(0, at) + out.slice(int(out.length), int(out.length + 1)) + out.slice(at); break;
      default: out = out.slice(0, at) + String.fromCharCode(int(0x10000)) + out.slice(at + 1);
    }
  }
  return out;
}

const noise = () => Array.from({ length: int(40) }, () => (chance(0.5) ? pick(HOSTILE) : String.fromCharCode(int(0x3000)))).join('');

const PARSERS: [string, (text: string) => unknown][] = [
  ['$filter', parseFilter], ['$orderby', parseOrderBy], ['$select', parseSelect], ['$search', parseSearch], ['decode', decodeQueryValue],
];

/** Runs one parser on one input; returns the result or undefined, failing on any other exception. */
function attempt(name: string, parse: (text: string) => unknown, input: string): unknown {
  try {
    return parse(input);
  } catch (err) {
    if (!(err instanceof ODataSyntaxError)) assert.fail(`${name} threw ${String(err)} for ${JSON.stringify(input)}`);
    assert.ok(Number.isInteger(err.position) && err.position >= 0 && err.position <= input.length,
      `${name}: position ${err.position} outside ${JSON.stringify(input)}`);
    assert.ok(err.message.length > 0);
    return undefined;
  }
}

describe('randomised inputs (seed 0x0da7a)', () => {
  const started = performance.now();
  let inputs = 0;

  it('2,000 generated filters parse and round-trip', () => {
    for (let n = 0; n < 2_000; n++, inputs++) {
      const text = predicate(1 + int(4), []);
      const ast = parseFilter(text);
      assert.deepEqual(parseFilter(printFilter(ast)), ast, text);
    }
  });

  it('2,000 mutated filters parse (and round-trip) or fail with ODataSyntaxError', () => {
    for (let n = 0; n < 2_000; n++, inputs++) {
      const text = mutate(predicate(1 + int(3), []));
      const ast = attempt('$filter', parseFilter, text) as ReturnType<typeof parseFilter> | undefined;
      if (ast) assert.deepEqual(parseFilter(printFilter(ast)), ast, text);
      for (const [name, parse] of PARSERS.slice(1)) attempt(name, parse, text);
    }
  });

  it('1,000 random and hostile strings never escape as other exceptions', () => {
    for (let n = 0; n < 1_000; n++, inputs++) {
      const text = noise();
      for (const [name, parse] of PARSERS) attempt(name, parse, text);
      const search = attempt('$search', parseSearch, `"displayName:${text.replace(/["\\]/g, '')}"`);
      if (search) assert.deepEqual(parseSearch(printSearch(search as ReturnType<typeof parseSearch>)), search);
    }
  });

  it('ran 5,000 inputs within the time bound', () => {
    assert.equal(inputs, 5_000);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
  });
});
