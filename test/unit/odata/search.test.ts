import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchNode } from '../../../src/odata/index.js';
import { parseSearch, printSearch } from '../../../src/odata/index.js';
import { syntaxError } from './syntax-error.js';

const term = (property: string, value: string): SearchNode => ({ kind: 'term', property, value });
const and = (...operands: SearchNode[]): SearchNode => ({ kind: 'and', operands });
const or = (...operands: SearchNode[]): SearchNode => ({ kind: 'or', operands });

describe('$search on directory objects', () => {
  const valid: [string, SearchNode, string][] = [
    ['"displayName:wa"', term('displayName', 'wa'), '"displayName:wa"'],
    ['"displayName:Oscar Ward"', term('displayName', 'Oscar Ward'), '"displayName:Oscar Ward"'],
    ['"displayName:李四(David Li)"', term('displayName', '李四(David Li)'), '"displayName:李四(David Li)"'],
    ['"mail:a:b"', term('mail', 'a:b'), '"mail:a:b"'],
    ['"displayName:a\\"b"', term('displayName', 'a"b'), '"displayName:a\\"b"'],
    ['"displayName:a\\\\b"', term('displayName', 'a\\b'), '"displayName:a\\\\b"'],
    ['"displayName:AND"', term('displayName', 'AND'), '"displayName:AND"'],
    ['"displayName:wa" OR "displayName:ad"', or(term('displayName', 'wa'), term('displayName', 'ad')), '"displayName:wa" OR "displayName:ad"'],
    ['"a:1" AND "b:2" OR "c:3"', or(and(term('a', '1'), term('b', '2')), term('c', '3')), '"a:1" AND "b:2" OR "c:3"'],
    ['"a:1" OR "b:2" AND "c:3"', or(term('a', '1'), and(term('b', '2'), term('c', '3'))), '"a:1" OR "b:2" AND "c:3"'],
    ['("a:1" OR "b:2") AND "c:3"', and(or(term('a', '1'), term('b', '2')), term('c', '3')), '("a:1" OR "b:2") AND "c:3"'],
    ['"a:1" AND ("b:2" AND "c:3")', and(term('a', '1'), term('b', '2'), term('c', '3')), '"a:1" AND "b:2" AND "c:3"'],
    ['"a:1" "b:2"', and(term('a', '1'), term('b', '2')), '"a:1" AND "b:2"'],
    ['  (  "a:1"  )  ', term('a', '1'), '"a:1"'],
    ['((("a:1")))', term('a', '1'), '"a:1"'],
  ];
  for (const [input, ast, canonical] of valid) {
    it(`parses ${input}`, () => {
      assert.deepEqual(parseSearch(input), ast);
      assert.equal(printSearch(ast), canonical);
      assert.deepEqual(parseSearch(printSearch(ast)), ast);
    });
  }

  const invalid: [string, string, number][] = [
    ['', "Expression expected at position 0 in ''.", 0],
    ['wa', `Syntax error: 'wa' at position 0 in 'wa' is neither a quoted clause nor AND or OR.`, 0],
    ['displayName:wa', `Syntax error: 'displayName:wa' at position 0 in 'displayName:wa' is neither a quoted clause nor AND or OR.`, 0],
    ['"wa"', `Syntax error: the $search clause '"wa"' at position 0 in '"wa"' must have the form "property:text".`, 0],
    ['":wa"', `Syntax error: the $search clause '":wa"' at position 0 in '":wa"' must have the form "property:text".`, 0],
    ['"displayName:"', `Syntax error: the $search clause '"displayName:"' at position 0 in '"displayName:"' must have the form "property:text".`, 0],
    ['"display Name:wa"', `Syntax error: the $search clause '"display Name:wa"' at position 0 in '"display Name:wa"' must have the form "property:text".`, 0],
    ["'displayName:wa'", `Syntax error: ''displayName:wa'' at position 0 in ''displayName:wa'' is neither a quoted clause nor AND or OR.`, 0],
    ['"displayName:wa', `There is an unterminated string literal at position 15 in '"displayName:wa'.`, 15],
    ['"displayName:wa\\"', `There is an unterminated string literal at position 17 in '"displayName:wa\\"'.`, 17],
    ['"displayName:a\\nb"', `Syntax error: escape sequence '\\n' is not valid at position 14 in '"displayName:a\\nb"'.`, 14],
    ['"displayName:a\\', `Syntax error: escape sequence '\\' is not valid at position 14 in '"displayName:a\\'.`, 14],
    ['"a:1" and "b:2"', `Syntax error: 'and' at position 6 in '"a:1" and "b:2"' is neither a quoted clause nor AND or OR.`, 6],
    ['"a:1" Or "b:2"', `Syntax error: 'Or' at position 6 in '"a:1" Or "b:2"' is neither a quoted clause nor AND or OR.`, 6],
    ['"a:1" NOT "b:2"', `Syntax error: 'NOT' at position 6 in '"a:1" NOT "b:2"' is neither a quoted clause nor AND or OR.`, 6],
    ['"a:1" OR', `Expression expected at position 8 in '"a:1" OR'.`, 8],
    ['AND "a:1"', `Expression expected at position 0 in 'AND "a:1"'.`, 0],
    ['"a:1" AND AND "b:2"', `Expression expected at position 10 in '"a:1" AND AND "b:2"'.`, 10],
    ['()', `Expression expected at position 1 in '()'.`, 1],
    ['("a:1"', `')' or operator expected at position 6 in '("a:1"'.`, 6],
    ['"a:1")', `Syntax error at position 6 in '"a:1")'.`, 6],
    ['"a:1" OR ("b:2"', `')' or operator expected at position 15 in '"a:1" OR ("b:2"'.`, 15],
  ];
  for (const [input, message, position] of invalid) {
    it(`refuses ${input}`, () => {
      const err = syntaxError(() => parseSearch(input));
      assert.equal(err.message, message);
      assert.equal(err.position, position);
    });
  }
});
