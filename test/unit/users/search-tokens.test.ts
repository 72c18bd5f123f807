import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchTokens } from '../../../src/domain/users/search-tokens.js';

/** Graph's search page, "Using $search on directory object collections": its examples, one by one. */
const cases: [text: string, tokens: string[]][] = [
  ['hello world', ['hello', 'world']],
  ['HelloWorld', ['hello', 'world']],
  ['helloWORLD', ['hello', 'world']],
  ['HELLOworld', ['helloworld']],
  ['HelloWORld', ['hello', 'world']],
  ['hello.world', ['hello', '.', 'world', 'helloworld']],
  ['hello123world', ['hello', '123', 'world']],
  ['李四(David Li)', ['李四', '(', 'david', '李四david', 'li', ')']],
  ['Dr. Jean-Luc Picard', ['dr', '.', 'jean', '-', 'luc', 'jeanluc', 'picard']],
  ["Sinéad O'Neil", ['sinéad', 'o', "'", 'neil', 'oneil']],
  ['  spaced   out  ', ['spaced', 'out']],
  ['', []],
  ['Adele Vance adele', ['adele', 'vance']],
];

describe('$search tokens', () => {
  for (const [text, tokens] of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(searchTokens(text), tokens));
  }
});
