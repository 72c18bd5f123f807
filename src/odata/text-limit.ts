import { ODataSyntaxError, messages } from './errors.js';
import { MAX_TEXT_LENGTH } from './limits.js';

/** Refuses over-long text before any work is done on it (limits.ts). */
export function checkLength(text: string): void {
  if (text.length > MAX_TEXT_LENGTH) {
    throw new ODataSyntaxError(messages.tooLong(text.length, MAX_TEXT_LENGTH), MAX_TEXT_LENGTH, '');
  }
}
