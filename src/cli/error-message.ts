/**
 * The one line an error prints as. Domain and config errors carry messages written to be shown;
 * anything else (a refused connection, a busy port) is shown by its message alone, since a stack
 * trace helps no one running the command.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    // pg and net report "could not connect to any address" this way, with an empty message.
    return [...new Set(err.errors.map(errorMessage))].join('; ');
  }
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
