/**
 * A malformed PowerShell literal (or JSON) in a cmdlet argument. The message names the column,
 * counted from 1, so the user can find the mistake in a long `@{…}` without a stack trace.
 */
export class LiteralSyntaxError extends Error {
  constructor(message: string, readonly column?: number) {
    super(column === undefined ? message : `${message} (at column ${column})`);
    this.name = 'LiteralSyntaxError';
  }
}
