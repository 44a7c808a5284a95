/** Runs tasks side by side, a bounded number at a time: the processes the proof starts are CPU-bound. */
import { availableParallelism } from "os";

/**
 * `run` for every item, at most `concurrency` at once (the number of cores when not given);
 * results in the items' order. On a failure no further task starts, the running ones finish, and
 * the first failure is thrown: nothing is left running behind the caller.
 */
export async function inPool<T, R>(items: T[], run: (item: T) => Promise<R>, concurrency = availableParallelism()): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await run(items[i]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
