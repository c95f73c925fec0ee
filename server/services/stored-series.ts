/**
 * The values of library datasets (uploads and the built-in examples), for the server's own use: the scoring queue
 * gives workers a race's visible part (and, for final submissions only, its held-back tail), and the race and run
 * routes hand out visible parts. Datasets never change once stored, so they are cached (a class's uploads then
 * cost no database read each); the cache keeps the promise, so simultaneous readers share one read and see the
 * values in the order they asked. Callers decide who may see which part.
 */
import type { ExampleName } from "@/lib/data/examples/names";
import { exampleDataset } from "@/lib/data/examples/index";
import type { DatasetRepository } from "../persistence/repositories";

/** Datasets kept: a school's races at once; the values are at most 4096 float64 (32 KB) each. */
const CACHED_DATASETS = 64;

export interface StoredSeriesEntry {
  name: string;
  example: ExampleName | null;
  values: Float64Array;
  times: readonly string[] | null;
}

export class StoredSeries {
  private readonly cache = new Map<string, Promise<StoredSeriesEntry | null>>();

  constructor(private readonly datasets: DatasetRepository) {}

  /** A dataset's name, values and times, or null when there is no such dataset. */
  get(id: string): Promise<StoredSeriesEntry | null> {
    const example = exampleDataset(id);
    if (example) return Promise.resolve({ name: example.example, example: example.example, values: Float64Array.from(example.values), times: example.times });
    let entry = this.cache.get(id);
    if (!entry) {
      entry = this.datasets.findById(id).then((record) => record && { name: record.name, example: null, values: record.values, times: record.times });
      this.cache.set(id, entry);
      // Misses and failures are not kept: a failed read is retried by the next caller.
      void entry.then(
        (found) => found === null && this.cache.delete(id),
        () => this.cache.delete(id),
      );
      if (this.cache.size > CACHED_DATASETS) this.cache.delete(this.cache.keys().next().value as string);
    }
    return entry;
  }

  /** A dataset was deleted: its values must not be served from memory. */
  forget(id: string): void {
    this.cache.delete(id);
  }
}

declare module "@/server/context" {
  interface AppServices {
    /** Library datasets' values, cached (built by createServer). */
    storedSeries: StoredSeries;
  }
}
