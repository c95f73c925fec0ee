/**
 * A fixed pool of scoring worker threads. Scoring is CPU work (a model's forward passes over every window and a
 * rollout), so it never runs on the event loop that serves sockets and pages: jobs queue here and each worker
 * takes one at a time. A worker that crashes or runs past the time limit is replaced, failing only its own job.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { systemScheduler, type Scheduler, type Timer } from "../clock";
import type { Logger } from "../logger";
import type { FromWorker, JobResult, ScoringJob, ToWorker } from "./protocol";

/** Far above a legal job (about a second at most: race rules keep within lib/scoring/cost's budget); past it, something went wrong. */
export const SCORING_TIMEOUT_MS = 60_000;

/**
 * Jobs are taken first come, first served: the fair order between races and students is the scoring queue's
 * (server/scoring/queue.ts), which hands the pool at most `size` jobs at a time.
 */
export interface ScoringPool {
  readonly size: number;
  score<J extends ScoringJob>(job: J): Promise<JobResult<J>>;
  close(): Promise<void>;
}

/**
 * One worker per core but one, so the event loop keeps a core of its own while a class's uploads are scored
 * (at least one worker on a single-core machine).
 */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

interface Pending {
  id: number;
  job: ScoringJob;
  resolve(result: JobResult<ScoringJob>): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  timer: Timer | null;
}

export interface ScoringPoolOptions {
  size?: number;
  logger?: Logger;
  timeoutMs?: number;
  /** Times the job limit (default: real timers). */
  scheduler?: Scheduler;
}

export function createScoringPool(options: ScoringPoolOptions = {}): ScoringPool {
  const size = options.size ?? defaultPoolSize();
  const timeoutMs = options.timeoutMs ?? SCORING_TIMEOUT_MS;
  const scheduler = options.scheduler ?? systemScheduler;
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), {
      workerData: { entry: new URL("./worker.ts", import.meta.url).href },
    });
    const slot: Slot = { worker, current: null, timer: null };
    worker.on("message", (message: FromWorker | { ready: string }) => {
      if ("ready" in message) {
        options.logger?.debug("scoring worker ready", { layer: message.ready });
        return;
      }
      const job = slot.current;
      if (!job || job.id !== message.id) return;
      finish(slot);
      if (message.ok) job.resolve(message.result as JobResult<ScoringJob>);
      else job.reject(new Error(`scoring failed: ${message.message}`));
      pump();
    });
    worker.on("error", (error) => replace(slot, error));
    worker.on("exit", (code) => {
      if (!closed) replace(slot, new Error(`scoring worker exited with code ${code}`));
    });
    return slot;
  }

  function finish(slot: Slot): void {
    slot.timer?.cancel();
    slot.timer = null;
    slot.current = null;
  }

  function replace(slot: Slot, error: Error): void {
    const index = slots.indexOf(slot);
    if (index < 0 || closed) return;
    const job = slot.current;
    finish(slot);
    options.logger?.error("scoring worker failed; starting a new one", { error });
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots[index] = spawn();
    job?.reject(error);
    pump();
  }

  function pump(): void {
    for (const slot of slots) {
      if (slot.current || queue.length === 0) continue;
      const job = queue.shift() as Pending;
      slot.current = job;
      slot.timer = scheduler.after(timeoutMs, () => replace(slot, new Error(`scoring took longer than ${timeoutMs} ms`)));
      // A copy of the bytes moves to the worker; the caller keeps its own (to store it after verification).
      const message: ToWorker = { id: job.id, job: { ...job.job, weights: Uint8Array.from(job.job.weights) } };
      slot.worker.postMessage(message, [message.job.weights.buffer as ArrayBuffer]);
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    size,
    score<J extends ScoringJob>(job: J) {
      if (closed) return Promise.reject(new Error("the scoring pool is closed"));
      return new Promise<JobResult<J>>((resolve, reject) => {
        queue.push({ id: ++nextId, job, resolve: resolve as (result: JobResult<ScoringJob>) => void, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const error = new Error("the scoring pool is closed");
      for (const job of queue.splice(0)) job.reject(error);
      await Promise.all(
        slots.map(async (slot) => {
          slot.current?.reject(error);
          finish(slot);
          await slot.worker.terminate();
        }),
      );
    },
  };
}

declare module "@/server/context" {
  interface AppServices {
    /** Optional so servers of other areas' tests need not start workers; uploads need it (server/index.ts passes one). */
    scoring?: ScoringPool;
  }
}
