/**
 * Commander argument parser for list options that may be repeated or comma-separated:
 * `--domain a.com --domain b.com` and `--domain a.com,b.com` both give `['a.com', 'b.com']`.
 */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
