/**
 * A race run's verified checkpoints from the page: as soon as the first epoch is done, then every `periodMs`
 * after the previous one was sent, the page asks the worker for the current weights and uploads them; the server
 * scores them on the public validation data and the live board ranks by them. At most one checkpoint is on its
 * way at a time, and the next period counts from when one was sent, so a slow link or a busy scorer costs
 * freshness, never a queue.
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
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = false;
  private travelling = false;
  private stopped = false;

  constructor(private readonly options: CheckpointSenderOptions) {}

  /** The worker finished an epoch: the first one asks for a checkpoint at once (a rank from the start). */
  epoch(): void {
    if (this.stopped || this.asked) return;
    this.ask();
  }

  /** The worker's weights after `epoch` epochs: uploaded, and the next period starts. */
  offer(epoch: number, weights: ArrayBuffer): void {
    if (this.stopped || this.travelling) return;
    this.travelling = true;
    this.schedule();
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.ask(), this.options.periodMs);
  }

  private ask(): void {
    this.timer = null;
    if (this.stopped) return;
    // A period later: the next checkpoint, or again if this one is still on its way or the worker did not answer.
    this.schedule();
    if (this.travelling) return;
    this.asked = true;
    this.options.requestWeights();
  }
}
