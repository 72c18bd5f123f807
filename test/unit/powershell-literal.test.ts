import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiteralSyntaxError } from '../../src/cli/powershell/literal-errors.js';
import { parseLiteral, type Literal } from '../../src/cli/powershell/literal-parser.js';

const parses: [string, string, Literal][] = [
  ['a hashtable with a bare key', '@{Name="Sam"}', { Name: 'Sam' }],
  ['an empty hashtable', '@{}', {}],
  ['entries split by ;', '@{a=1; b=2;}', { a: 1, b: 2 }],
  ['entries split by newlines', '@{\n  a = 1\n  b = 2\n}', { a: 1, b: 2 }],
  ['a quoted key', `@{'client-request-id'='x'; "Content Type"="y"}`, { 'client-request-id': 'x', 'Content Type': 'y' }],
  ['single quotes: doubled quote, nothing expanded', `@{m='let''s go $true \`n'}`, { m: "let's go $true `n" }],
  ['double quotes: doubled quote and backtick escapes', '@{m="say ""hi"" `"now`" a`tb`nc ``"}', { m: 'say "hi" "now" a\tb\nc `' }],
  ['$true, $false, $null in any case', '@{a=$true; b=$FALSE; c=$Null}', { a: true, b: false, c: null }],
  ['numbers', '@{i=42; n=-7; d=1.5; e=2e3; h=0x1F}', { i: 42, n: -7, d: 1.5, e: 2000, h: 31 }],
  ['an array with @( )', '@(1, "two", $true)', [1, 'two', true]],
  ['an array split by ; and newlines', "@(\n 'a'\n 'b'; 'c'\n)", ['a', 'b', 'c']],
  ['an empty array', '@()', []],
  ['a bare comma list', "'a', 'b'", ['a', 'b']],
  ['a comma list as a hashtable value', '@{List = 1, 2, 3}', { List: [1, 2, 3] }],
  ['a one-item array stays an array', '@(@{Id="x"})', [{ Id: 'x' }]],
  ['nested arrays keep their shape', '@(1, @(2, 3))', [1, [2, 3]]],
  ['the issue\'s message info', `@{CustomizedMessageBody="Hello Sam, let''s collaborate!"; CcRecipients=@(@{EmailAddress=@{Address="a@b.com"}})}`,
    { CustomizedMessageBody: "Hello Sam, let''s collaborate!", CcRecipients: [{ EmailAddress: { Address: 'a@b.com' } }] }],
  ['the issue\'s message info in single quotes', `@{CustomizedMessageBody='Hello Sam, let''s collaborate!'}`, { CustomizedMessageBody: "Hello Sam, let's collaborate!" }],
  ['comments', '@{a=1 # the first\n b=2}', { a: 1, b: 2 }],
  ['deep nesting', '@{a=@{b=@{c=@(@{d=$null})}}}', { a: { b: { c: [{ d: null }] } } }],
  ['a JSON object', '{"a": [1, {"b": null}]}', { a: [1, { b: null }] }],
  ['a JSON array', '[{"id": "x"}]', [{ id: 'x' }]],
  ['a scalar string', '"just text"', 'just text'],
];

const refuses: [string, string, RegExp][] = [
  ['an unclosed hashtable', '@{a=1', /missing '}' to close the hashtable opened \(at column 1\)/],
  ['an unclosed array', '@(1, 2', /missing '\)' to close the array opened \(at column 1\)/],
  ['an unclosed single-quoted string', "@{a='x}", /missing the closing ' of the string opened \(at column 5\)/],
  ['an unclosed double-quoted string', '@{a="x}', /missing the closing " of the string opened/],
  ['a key without =', '@{a 1}', /missing '=' after the key 'a'/],
  ['a key without a value', '@{a=}', /missing a value after 'a ='/],
  ['entries without a separator', '@{a=1 b=2}', /unexpected 'b' after the value of 'a': separate entries with ';'/],
  ['duplicate keys, ignoring case', '@{Name=1; name=2}', /duplicate keys 'name' are not allowed in a hashtable \(at column 11\)/],
  ['an unquoted word', '@{a=hello}', /'hello' is not a value: put text in quotes \('hello'\) \(at column 5\)/],
  ['a variable', '@{a=$name}', /variables such as '\$name' have no value outside PowerShell/],
  ['a script block', '{a=1}', /invalid JSON/],
  ['a script block as a value', '@{a={1}}', /a script block \{ \} is not a value/],
  ['a trailing comma', '@(1,)', /unexpected '\)'/],
  ['text after the value', '@{a=1} x', /unexpected 'x' after the value/],
  ['an empty value', '   ', /the value is empty/],
  ['bad JSON', '{"a":}', /invalid JSON/],
];

describe('PowerShell literal parser', () => {
  for (const [name, text, expected] of parses) {
    it(`parses ${name}`, () => assert.deepEqual(parseLiteral(text), expected));
  }
  for (const [name, text, message] of refuses) {
    it(`refuses ${name} with a clear message`, () => {
      assert.throws(() => parseLiteral(text), (err: unknown) => {
        assert.ok(err instanceof LiteralSyntaxError, String(err));
        assert.match(err.message, message);
        return true;
      });
    });
  }
});
