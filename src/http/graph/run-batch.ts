import type { BatchItem } from './batch-schema.js';

/** One element of `responses` (json-batching, "Processing the JSON batch response"). */
export interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  /** Absent when the item's answer has no body (204). */
  body?: unknown;
}

/** Graph: "If an individual request fails, any request that depends on that request fails with 424". */
const failed = (r: BatchResponse) => r.status >= 400;

/**
 * Runs the items of a checked batch: each starts as soon as everything it depends on has answered,
 * so independent items run concurrently (Graph may run them in any order) and a chain runs in
 * order. An item whose dependency failed is not run; it answers 424, and so fails its own
 * dependents in turn. `dispatch` never rejects. Responses come back in the order of the requests.
 */
export async function runBatch(
  items: readonly BatchItem[],
  dispatch: (item: BatchItem) => Promise<BatchResponse>,
  failedDependency: (item: BatchItem, dependency: BatchResponse) => BatchResponse,
): Promise<BatchResponse[]> {
  const byKey = new Map(items.map((i) => [i.key, i]));
  const started = new Map<string, Promise<BatchResponse>>();

  const run = (item: BatchItem): Promise<BatchResponse> => {
    const running = started.get(item.key);
    if (running) return running;
    const answer = (async () => {
      const dependencies = await Promise.all(item.dependsOn.map((key) => {
        const dependency = byKey.get(key);
        // parseBatch refused unknown ids and cycles; this guards the invariant, never the client.
        if (!dependency) throw new Error(`batch item ${item.id} depends on unknown ${key}`);
        return run(dependency);
      }));
      const failure = dependencies.find(failed);
      return failure ? failedDependency(item, failure) : dispatch(item);
    })();
    started.set(item.key, answer);
    return answer;
  };

  return Promise.all(items.map(run));
}
