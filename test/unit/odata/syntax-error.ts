import assert from 'node:assert/strict';
import { ODataSyntaxError } from '../../../src/odata/index.js';

/** Runs `fn`, asserts it throws an ODataSyntaxError (and nothing else), and returns it. */
export function syntaxError(fn: () => unknown): ODataSyntaxError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ODataSyntaxError, `expected ODataSyntaxError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected an ODataSyntaxError, but parsing succeeded');
}
