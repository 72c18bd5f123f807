import { CompiledQuery } from 'kysely';

/** Where a parameter of a cached statement comes from: slot i's value (lower-cased or not), or a constant. */
type Source = { readonly slot: number; readonly lower: boolean } | { readonly constant: unknown };

interface Recipe {
  readonly sql: string;
  readonly sources: readonly Source[];
}

/** Probe values: a control character no request value is compared with, and an upper-case letter to tell lower-casing apart. */
const probes = (count: number, mark: string): string[] => Array.from({ length: count }, (_, i) => `\u0001${i}${mark}\u0001`);
const isProbe = (p: unknown): p is string => typeof p === 'string' && p.includes('\u0001');

/**
 * Compiled SQL of queries whose text depends only on their shape, reused across requests. Building
 * and compiling the five-branch existence query with Kysely cost more CPU than SQLite takes to run
 * it; with the text cached a request only fills in its values.
 *
 * What each parameter is made of is learnt, not declared: the query is compiled once with probe
 * strings in its value slots and each parameter is traced back to a slot (as it is, or lower-cased
 * as the store's folded columns are) or kept as a constant. It is then compiled again with other
 * probes and must give the same text and the parameters the recipe predicts; a shape where a value
 * changed the text or was transformed any other way is never cached, and is compiled per request.
 * Probes cannot show a builder that treats some particular value apart (an empty string, say):
 * `build` must not, as filter-to-sql.ts does not for the equality filters this serves
 * (compiled-shapes.test.ts compares the reused SQL with Kysely's own for awkward values).
 * Shapes come from clients, so at most `maxShapes` are kept, the least recently used evicted first.
 */
export class CompiledShapes {
  private readonly recipes = new Map<string, Recipe | null>();
  /** Calls answered from a recipe (for tests and diagnostics). */
  readonly counts = { reused: 0 };

  constructor(private readonly maxShapes = 500) {}

  /**
   * The compiled query for `values` in shape `key`; `build` compiles the shape for any values (it is
   * called with probes when the shape is new, and with the real values when it cannot be cached).
   */
  compile(key: string, values: readonly string[], build: (values: readonly string[]) => CompiledQuery): CompiledQuery {
    let recipe = this.recipes.get(key);
    if (recipe === undefined) {
      recipe = learn(values.length, build);
      // Least recently used first: a client cycling through shapes evicts its own, not the hot ones.
      if (this.recipes.size >= this.maxShapes) this.recipes.delete(this.recipes.keys().next().value as string);
    } else {
      this.recipes.delete(key);
    }
    this.recipes.set(key, recipe);
    if (recipe === null) return build(values);
    this.counts.reused++;
    return CompiledQuery.raw(recipe.sql, fill(recipe.sources, values));
  }
}

function fill(sources: readonly Source[], values: readonly string[]): unknown[] {
  return sources.map((s) => ('slot' in s ? (s.lower ? values[s.slot].toLowerCase() : values[s.slot]) : s.constant));
}

function learn(count: number, build: (values: readonly string[]) => CompiledQuery): Recipe | null {
  try {
    const first = probes(count, 'P');
    const compiled = build(first);
    const sources: Source[] = [];
    const seen = new Set<number>();
    for (const p of compiled.parameters) {
      if (!isProbe(p)) {
        sources.push({ constant: p });
        continue;
      }
      const exact = first.indexOf(p);
      const lower = exact < 0 ? first.findIndex((v) => v.toLowerCase() === p) : -1;
      if (exact < 0 && lower < 0) return null;
      seen.add(Math.max(exact, lower));
      sources.push({ slot: Math.max(exact, lower), lower: exact < 0 });
    }
    if (seen.size !== count) return null;
    const second = probes(count, 'Q');
    const check = build(second);
    const expected = fill(sources, second);
    if (check.sql !== compiled.sql || check.parameters.length !== expected.length || check.parameters.some((p, i) => p !== expected[i])) return null;
    return { sql: compiled.sql, sources };
  } catch {
    return null;
  }
}
