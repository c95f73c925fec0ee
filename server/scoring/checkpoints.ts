/**
 * Verified checkpoints: while a race run trains, its page uploads the current weights every `checkpointEverySec`
 * seconds (one at a time); the server scores them on the public validation windows only and the live board ranks
 * the student by their best run's latest checkpoint until their first submission (lib/race/standings).
 *
 * A checkpoint is never scored on hidden data — the worker is not even given the race's secret seed for it — so
 * nothing it answers can depend on the hidden continuation. It does not count as a submission. It costs the scorer
 * about a tenth of a submission, and the queue keeps at most one per run waiting (a newer one takes its place).
 * A run's checkpoints are spaced by the race's period, counted between their arrivals at the server: one
 * arriving much sooner is refused without being scored.
 */
import { randomUUID } from "node:crypto";
import { settle } from "@/lib/race/status";
import { maxWeightsBytes } from "@/lib/scoring/check";
import type { TCheckpointResult } from "@/lib/scoring/views";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { UserRecord } from "../persistence/records";
import { uploadAccess } from "./upload-access";
import { scheduleOf } from "../race/views";

/** A checkpoint may arrive this much sooner than the period (timers in a busy tab drift), and no sooner. */
const SPACING_TOLERANCE = 0.8;

export interface CheckpointUpload {
  raceId: string;
  runId: string;
  /** The run's epoch when the page took the weights. */
  epoch: number;
  /** When the upload reached the server (its spacing counts from there). */
  receivedAt: number;
  readBody(maxBytes: number): Promise<Uint8Array>;
}

/**
 * When each run's last checkpoint arrived (this process): the spacing check needs no query. Arrivals, not scoring
 * times: a busy scorer must not make the page's next, well-spaced checkpoint look early. (A page whose uploads a
 * load balancer spreads over several processes could send one per period to each; the socket and HTTP budgets
 * still bound it.)
 */
export class CheckpointSpacing {
  private readonly lastAt = new Map<string, number>();

  /** Takes the run's turn at `now`, or says how many seconds until it may have one. */
  take(runId: string, now: number, periodSec: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const last = this.lastAt.get(runId) ?? -Infinity;
    const earliest = last + periodSec * 1000 * SPACING_TOLERANCE;
    if (now < earliest) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((earliest - now) / 1000)) };
    this.lastAt.set(runId, now);
    return { ok: true };
  }

  /** The run is over: forget it. */
  forget(runId: string): void {
    this.lastAt.delete(runId);
  }
}

export async function submitCheckpoint(ctx: AppContext, user: UserRecord, upload: CheckpointUpload): Promise<TCheckpointResult> {
  const { scoringTurns: turns, scoringQueue: queue, checkpointSpacing: spacing } = ctx.services;
  const { race, run } = await uploadAccess(ctx, user, upload.raceId, upload.runId);
  const status = settle(scheduleOf(race), ctx.clock.now()).status;
  if (status !== "running" && status !== "paused") throw new AppError("race_closed", { reason: status === "ended" ? "deadline_passed" : "not_started" });
  if (run.status !== "running") {
    spacing.forget(run.id);
    throw new AppError("race_closed", { reason: "run_over" });
  }
  const turn = spacing.take(run.id, upload.receivedAt, race.rules.checkpointEverySec);
  if (!turn.ok) throw new AppError("rate_limited", { reason: "checkpoint_too_soon", retryAfterSeconds: turn.retryAfterSeconds, values: { seconds: turn.retryAfterSeconds } });

  const weights = await upload.readBody(maxWeightsBytes(run.config.model));
  const verdict = await queue.scoreCheckpoint({ raceId: race.id, runId: run.id, userId: user.id, rules: race.rules, runConfig: run.config, weights });
  if (!verdict.ok) {
    switch (verdict.problem) {
      case "superseded":
        throw new AppError("rate_limited", { reason: "checkpoint_superseded" });
      case "busy":
      case "closed":
        throw new AppError("scoring_busy");
      case "unscorable":
        throw new AppError("invalid_weights", { reason: "unscorable_checkpoint" });
      default:
        throw new AppError("invalid_weights", { reason: verdict.problem, message: verdict.message });
    }
  }
  const checkpoint = {
    id: randomUUID(),
    raceId: race.id,
    runId: run.id,
    userId: user.id,
    createdAt: new Date(verdict.scoredAt),
    epoch: Math.min(upload.epoch, run.config.epochs),
    publicScore: verdict.publicScore,
  };
  await turns.run(() => ctx.repos.checkpoints.create(checkpoint));
  ctx.services.boards.changed(race);
  return { checkpointId: checkpoint.id, runId: run.id, epoch: checkpoint.epoch, publicScore: checkpoint.publicScore, verifiedAt: verdict.scoredAt };
}

declare module "@/server/context" {
  interface AppServices {
    /** Spacing of each run's checkpoints (server/scoring/checkpoints.ts). */
    checkpointSpacing: CheckpointSpacing;
  }
}
