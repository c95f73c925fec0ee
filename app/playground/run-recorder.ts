/**
 * Saves a Playground run to the experiment history while it trains. Epochs are buffered and sent in batches
 * (every FLUSH_INTERVAL_MS or FLUSH_EPOCHS, whichever comes first), one request at a time; a batch stays
 * buffered until the server says it is stored, so a failed request is simply retried by the next flush (the
 * server ignores epochs it already has). Rollout pictures, the final losses and the weights follow at the end.
 */
import { toBase64 } from "@/lib/base64";
import type { ErrorBody } from "@/lib/errors";
import type { ApiClient } from "../_lib/api";
import type { TrainingConfig } from "@/lib/ml/config";
import type { EpochSnapshot, RolloutSnapshot, TrainingOutcome } from "@/lib/ml/snapshots";
import type { CurvePoint } from "@/lib/runs/curve";

export const FLUSH_INTERVAL_MS = 1000;
export const FLUSH_EPOCHS = 50;
/** How many times the final flush retries before the run is finished with what the server has. */
const FINAL_FLUSH_ATTEMPTS = 5;

/** The run endpoints of the API client it records through (lib/api/endpoints.ts `runs`). */
export type RecorderApi = Pick<ApiClient["runs"], "start" | "snapshots" | "rollout" | "finish" | "saveWeights">;

/** Keep-alive bodies are capped at 64 KB by browsers; about 90 bytes per epoch in JSON. */
const EXIT_BATCH = 500;

/** `error` says why saving failed, as the server answered (the page words it). */
export type RecorderState = { phase: "saving" | "saved" | "failed"; runId: string | null; error: ErrorBody | null };

export class RunRecorder {
  private runId: string | null = null;
  private readonly created: Promise<string | null>;
  private buffer: CurvePoint[] = [];
  private rollouts: RolloutSnapshot[] = [];
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastError: ErrorBody | null = null;

  constructor(
    private readonly api: RecorderApi,
    config: TrainingConfig,
    private readonly now: () => number,
    private readonly onChange: (state: RecorderState) => void,
    classroomId: string | null = null,
  ) {
    const t0 = now();
    this.t0 = t0;
    this.created = api.start({ body: { config, classroomId } }).then((result) => {
      if (!result.ok) {
        this.fail(result.error);
        return null;
      }
      this.runId = result.data.runId;
      onChange({ phase: "saving", runId: this.runId, error: null });
      return this.runId;
    });
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  private readonly t0: number;

  addSnapshots(snapshots: readonly EpochSnapshot[]): void {
    const tMs = Math.max(0, Math.round(this.now() - this.t0));
    for (const s of snapshots) this.buffer.push({ ...s, tMs });
    if (this.buffer.length >= FLUSH_EPOCHS) void this.flush();
  }

  addRollouts(rollouts: readonly RolloutSnapshot[]): void {
    this.rollouts.push(...rollouts);
  }

  /** Sends what is buffered; resolves when that request (or the one already running) is answered. */
  flush(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.sendBatch().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async sendBatch(): Promise<void> {
    const runId = await this.created;
    if (!runId) return;
    await this.sendRollouts(runId);
    if (this.buffer.length === 0) return;
    const batch = this.buffer.slice(0, 500);
    const result = await this.api.snapshots({ id: runId, body: { points: batch } });
    if (!result.ok) {
      this.lastError = result.error;
      return;
    }
    this.lastError = null;
    this.buffer = this.buffer.filter((p) => p.epoch > result.data.lastEpoch);
  }

  private async sendRollouts(runId: string): Promise<void> {
    while (this.rollouts.length > 0) {
      const rollout = this.rollouts[0]!;
      const result = await this.api.rollout({ id: runId, body: rollout });
      // A refused picture (bad input) is dropped; a network failure keeps it for the next flush.
      if (!result.ok && result.error.code === "internal") return;
      this.rollouts.shift();
    }
  }

  /** Stores the rest of the curve, the final numbers and the weights, then stops. */
  async finish(outcome: TrainingOutcome, weights: ArrayBuffer | null, backend: string | null): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const runId = await this.created;
    if (!runId) return;
    for (let attempt = 0; attempt < FINAL_FLUSH_ATTEMPTS && (this.buffer.length > 0 || this.rollouts.length > 0); attempt++) await this.flush();
    const finished = await this.api.finish({ id: runId, body: {
      status: outcome.status,
      finalTrainLoss: outcome.finalTrainLoss,
      finalValLoss: outcome.finalValLoss,
      msPerEpoch: outcome.meanMsPerEpoch,
      backend,
    } });
    if (!finished.ok) return this.fail(finished.error);
    if (weights) {
      const saved = await this.api.saveWeights({ id: runId, body: { data: toBase64(new Uint8Array(weights)) } });
      if (!saved.ok) return this.fail(saved.error);
    }
    this.onChange({ phase: this.lastError ? "failed" : "saved", runId, error: this.lastError });
  }

  /**
   * The tab is closing mid-run: the buffered epochs go out in a request that outlives the page, so at most the
   * epochs of the last moment are lost. The run itself stays "running" (a finish could overtake the epochs).
   */
  flushOnExit(): void {
    if (!this.runId || this.buffer.length === 0) return;
    void this.api.snapshots({ id: this.runId, body: { points: this.buffer.slice(0, EXIT_BATCH) } }, { keepalive: true });
  }

  /** The page is going away mid-run: nothing more will be sent. */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private fail(error: ErrorBody): void {
    this.onChange({ phase: "failed", runId: this.runId, error });
  }
}
