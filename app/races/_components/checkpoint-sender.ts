/**
 * A race run's verified checkpoints from the page: every `periodMs` while the run trains, the page asks the worker
 * for the current weights and uploads them; the server scores them on the public validation data and the live
 * board ranks by them. At most one checkpoint is on its way at a time: a period that finds one still travelling
 * (a slow network, a busy scorer) is skipped, never queued, so a slow link costs freshness and not bandwidth.
 */
import type { ErrorBody, Result } from "@/lib/errors";
import type { TCheckpointResult } from "@/lib/scoring/views";

export type CheckpointState = { phase: "verified"; result: TCheckpointResult } | { phase: "refused"; error: ErrorBody } | null;

export interface CheckpointSenderOptions {
  periodMs: number;
  /** Asks the worker for its weights (it answers with `offer`). */
  requestWeights(): void;
  upload(epoch: number, weights: Uint8Array): Promise<Result<TCheckpointResult>>;
  onChange(state: CheckpointState): void;
}

export class CheckpointSender {
  private timer: ReturnType<typeof setInterval> | null = null;
  private travelling = false;
  private stopped = false;

  constructor(private readonly options: CheckpointSenderOptions) {
    this.timer = setInterval(() => this.tick(), options.periodMs);
  }

  /** The worker's weights after `epoch` epochs: uploaded unless a checkpoint is still on its way. */
  offer(epoch: number, weights: ArrayBuffer): void {
    if (this.stopped || this.travelling) return;
    this.travelling = true;
    void this.options.upload(epoch, new Uint8Array(weights)).then((result) => {
      this.travelling = false;
      if (this.stopped) return;
      // Refusals that only mean "not now" (too soon, replaced by a newer one, a busy scorer) change nothing shown.
      if (!result.ok && (result.error.code === "rate_limited" || result.error.code === "scoring_busy" || result.error.code === "internal")) return;
      this.options.onChange(result.ok ? { phase: "verified", result: result.data } : { phase: "refused", error: result.error });
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    if (!this.stopped && !this.travelling) this.options.requestWeights();
  }
}
