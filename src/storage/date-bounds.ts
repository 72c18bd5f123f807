/**
 * Instants are stored with milliseconds (`toISOString()`), but Graph shows and compares them in
 * whole seconds (`2024-10-18T09:30:00Z`). So a filter compares the stored instant truncated to its
 * second: `createdDateTime eq 2024-10-18T09:30:00Z` finds the user created at 09:30:00.456. Each
 * comparison becomes a half-open range [from, before) over the stored text, which sorts like time.
 */
export type Bounds = { readonly from?: string; readonly before?: string } | 'never';

const SECOND = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export function secondBounds(operator: 'eq' | 'gt' | 'ge' | 'lt' | 'le', instant: string): Bounds {
  const ms = Date.parse(instant);
  const floor = Math.floor(ms / SECOND) * SECOND;
  const ceil = Math.ceil(ms / SECOND) * SECOND;
  switch (operator) {
    // A second never equals an instant with a fraction.
    case 'eq': return ms === floor ? { from: iso(floor), before: iso(floor + SECOND) } : 'never';
    case 'ge': return { from: iso(ceil) };
    case 'gt': return { from: iso(floor + SECOND) };
    case 'le': return { before: iso(floor + SECOND) };
    case 'lt': return { before: iso(ceil) };
  }
}
