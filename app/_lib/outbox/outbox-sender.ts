/**
 * Works through the outbox (lib/runs/outbox): for each of the signed-in person's entries it sends the next step
 * until the entry waits for more epochs or is done, one request at a time. A request that fails for a passing
 * reason (offline, the server restarting) stops the round; the next round comes after a growing delay (1 s … 10 s),
 * and every entry says "offline, N epochs waiting, retrying at …" meanwhile. Re-sending is always safe: the server
 * keeps each epoch once. Only one tab runs a sender at a time (app/_lib/outbox/outbox-runtime takes a Web Lock).
 */
import type { SnapshotBatchResponse, StartRunResponse } from "@/lib/api/runs";
import type { ErrorBody, Result } from "@/lib/errors";
import { acknowledgePoints, interruptedFinish, isRetryable, nextStep, retryDelayMs, type OutboxEntry } from "@/lib/runs/outbox";

export interface OutboxStore {
  list(): Promise<OutboxEntry[]>;
  /** Atomically replaces the entry with `change(entry)`; null deletes it. Resolves with what was stored. */
  update(localId: string, change: (entry: OutboxEntry | undefined) => OutboxEntry | null): Promise<OutboxEntry | null>;
}

export interface OutboxApi {
  post<T>(path: string, body: unknown): Promise<Result<T>>;
  put<T>(path: string, body: unknown): Promise<Result<T>>;
}

/** The clock and timers (the browser's, or a test's manual time). */
export interface OutboxTime {
  now(): number;
  after(ms: number, fn: () => void): { cancel(): void };
}

export type OutboxRunStatus =
  | { phase: "saving"; runId: string | null; waiting: number }
  | { phase: "offline"; runId: string | null; waiting: number; retryAt: number }
  | { phase: "saved"; runId: string }
  | { phase: "failed"; runId: string | null; error: ErrorBody };

export interface OutboxSenderOptions {
  store: OutboxStore;
  api: OutboxApi;
  time: OutboxTime;
  userId: string;
  /** Whether the run's training is still going on somewhere (a tab holds its lock); a dead one is finished here. */
  isTraining: (localId: string) => Promise<boolean>;
  onStatus: (localId: string, status: OutboxRunStatus) => void;
}

/** How often an idle sender looks for new epochs (a poke from the training tab wakes it sooner). */
export const OUTBOX_POLL_MS = 1000;

type RoundOutcome = { retry: false } | { retry: true; error: ErrorBody };

export class OutboxSender {
  private failures = 0;
  private timer: { cancel(): void } | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  private readonly statuses = new Map<string, OutboxRunStatus>();

  constructor(private readonly options: OutboxSenderOptions) {}

  /** Rounds until `stop()`: each as soon as the previous one ends, or after the retry delay when it failed. */
  async run(): Promise<void> {
    while (!this.stopped) {
      const outcome = await this.round();
      if (this.stopped) return;
      if (outcome.retry) {
        this.failures++;
        const delay = retryDelayMs(this.failures);
        await this.markOffline(this.options.time.now() + delay);
        await this.sleep(delay, false);
      } else {
        this.failures = 0;
        await this.sleep(OUTBOX_POLL_MS, true);
      }
    }
  }

  /** New epochs or a finish were written: send them now (unless waiting out a retry delay). */
  poke(): void {
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.wake?.();
  }

  /** One pass over the person's entries. */
  async round(): Promise<RoundOutcome> {
    const entries = (await this.options.store.list()).filter((e) => e.userId === this.options.userId);
    for (const entry of entries) {
      const outcome = await this.drain(entry);
      if (outcome.retry) return outcome;
    }
    return { retry: false };
  }

  private async drain(initial: OutboxEntry): Promise<RoundOutcome> {
    let entry: OutboxEntry | null = initial;
    if (entry.finish === null && !(await this.options.isTraining(entry.localId))) {
      entry = await this.change(entry.localId, (e) => (e.finish === null ? { ...e, finish: interruptedFinish(e) } : e));
    }
    while (entry && !this.stopped) {
      const step = nextStep(entry);
      if (step.kind === "wait") {
        this.report(entry.localId, { phase: "saving", runId: entry.runId, waiting: entry.points.length });
        return { retry: false };
      }
      if (step.kind === "done") {
        await this.options.store.update(entry.localId, () => null);
        this.report(entry.localId, { phase: "saved", runId: entry.runId! });
        return { retry: false };
      }
      this.report(entry.localId, { phase: "saving", runId: entry.runId, waiting: entry.points.length });
      const result = await this.send(entry, step);
      if (!result.ok) {
        if (isRetryable(result.error)) return { retry: true, error: result.error };
        entry = await this.refused(entry, step.kind, result.error);
        continue;
      }
      if (step.kind === "points" && (result.data as SnapshotBatchResponse).lastEpoch < step.points[0]!.epoch) {
        // The server lacks epochs this outbox already saw acknowledged: they cannot be sent again.
        entry = await this.refused(entry, step.kind, { code: "bad_request", reason: "epoch_gap", message: "the server is missing earlier epochs" });
        continue;
      }
      entry = await this.change(entry.localId, (e) => applied(e, step.kind, result.data));
    }
    return { retry: false };
  }

  private send(entry: OutboxEntry, step: ReturnType<typeof nextStep>): Promise<Result<unknown>> {
    const { api } = this.options;
    const base = `/api/runs/${entry.runId}`;
    switch (step.kind) {
      case "create":
        // The page's id makes the create idempotent: a retry after a lost answer gets the same run.
        return api.post<StartRunResponse>("/api/runs", { id: entry.localId, config: entry.config, classroomId: entry.classroomId });
      case "rollout":
        return api.post(`${base}/rollouts`, step.rollout);
      case "points":
        return api.post<SnapshotBatchResponse>(`${base}/snapshots`, { points: step.points });
      case "finish":
        return api.post(`${base}/finish`, step.finish);
      case "weights":
        return api.put(`${base}/weights`, { data: step.data });
      default:
        throw new Error(`nothing to send for ${step.kind}`);
    }
  }

  /**
   * The server refused a step for good. A refused picture or weight file is dropped and the rest goes on; a run
   * that cannot be created, or has ended on the server (stopped as abandoned while this tab was away), keeps
   * nothing to send: the entry goes, and the page says why.
   */
  private async refused(entry: OutboxEntry, kind: string, error: ErrorBody): Promise<OutboxEntry | null> {
    if (kind === "rollout") return this.change(entry.localId, (e) => ({ ...e, rollouts: e.rollouts.slice(1) }));
    if (kind === "weights") return this.change(entry.localId, (e) => ({ ...e, weights: null }));
    await this.options.store.update(entry.localId, () => null);
    this.report(entry.localId, { phase: "failed", runId: entry.runId, error });
    return null;
  }

  private async change(localId: string, change: (entry: OutboxEntry) => OutboxEntry): Promise<OutboxEntry | null> {
    return this.options.store.update(localId, (e) => (e ? change(e) : null));
  }

  private async markOffline(retryAt: number): Promise<void> {
    const entries = (await this.options.store.list()).filter((e) => e.userId === this.options.userId);
    for (const e of entries) this.report(e.localId, { phase: "offline", runId: e.runId, waiting: e.points.length, retryAt });
  }

  private report(localId: string, status: OutboxRunStatus): void {
    const before = this.statuses.get(localId);
    if (before && JSON.stringify(before) === JSON.stringify(status)) return;
    this.statuses.set(localId, status);
    this.options.onStatus(localId, status);
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.timer?.cancel();
        this.timer = null;
        this.wake = null;
        resolve();
      };
      this.timer = this.options.time.after(ms, done);
      this.wake = wakeable || this.stopped ? done : () => this.stopped && done();
    });
  }
}

/** The entry after the server accepted a step. */
function applied(entry: OutboxEntry, kind: string, data: unknown): OutboxEntry {
  switch (kind) {
    case "create":
      return { ...entry, runId: (data as StartRunResponse).runId };
    case "rollout":
      return { ...entry, rollouts: entry.rollouts.slice(1) };
    case "points":
      return acknowledgePoints(entry, (data as SnapshotBatchResponse).lastEpoch);
    case "finish":
      return { ...entry, finishSent: true };
    case "weights":
      return { ...entry, weights: null };
    default:
      return entry;
  }
}
