/**
 * A student's upload of a run's weights: authorization, the race's submission window, a reserved submission
 * slot, verification in the fair scoring queue, storage, board broadcast.
 *
 * Nothing answered depends on the hidden continuation. Refusals before scoring name what is wrong with the file
 * (format, checksum, shapes, architecture, rules). A model whose predictions on the *public* validation windows
 * are not finite is refused with one fixed message, and still uses up a submission (stored, never counted), so
 * overflowing uploads cost what any upload costs. A model finite there but not on the hidden data is accepted
 * with exactly the answer any model gets: its hidden score is stored as not finite and ranks last after the
 * reveal. Refusing it, or answering it differently, would tell a student something about the hidden points.
 */
import { randomUUID } from "node:crypto";
import { runVerifiedScore } from "@/lib/scoring/board";
import { maxWeightsBytes } from "@/lib/scoring/check";
import { submissionWindow } from "@/lib/scoring/submission-window";
import type { TSubmissionResult } from "@/lib/scoring/views";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { SubmissionRecord, UserRecord } from "../persistence/records";
import { uploadAccess } from "./upload-access";

export interface Upload {
  raceId: string;
  runId: string;
  /** Reads the body, refusing more than `maxBytes` (called only once the caller may submit). */
  readBody(maxBytes: number): Promise<Uint8Array>;
  claimedMse?: number;
}

export async function submitWeights(ctx: AppContext, user: UserRecord, upload: Upload): Promise<TSubmissionResult> {
  // The checks of a class's simultaneous uploads interleave with sockets in turns instead of queueing as one block.
  const { scoringTurns: turns, scoringQueue: queue } = ctx.services;
  const { race, run } = await uploadAccess(ctx, user, upload.raceId, upload.runId);
  const window = submissionWindow(race, ctx.clock.now());
  if (!window.open) throw new AppError("race_closed", { reason: window.reason });
  const { limit } = race.rules.submissions;
  const overLimit = () => new AppError("submission_limit", { reason: "reached", values: { limit } });

  // Stored plus being scored must stay under the limit: uploads that could never count are refused unscored.
  const slot = await queue.reservations.reserve(race.id, user.id, limit, () => turns.run(() => ctx.repos.submissions.countForUser(race.id, user.id)));
  if (!slot) throw overLimit();
  try {
    const weights = await upload.readBody(maxWeightsBytes(run.config.model));
    const verdict = await queue.scoreSubmission({ raceId: race.id, userId: user.id, hiddenSeed: race.hiddenSeed, rules: race.rules, runConfig: run.config, weights });
    if (!verdict.ok) {
      throw new AppError("invalid_weights", { reason: verdict.problem, message: `These weights cannot be scored: ${verdict.message}.` });
    }
    const submission: SubmissionRecord = {
      id: randomUUID(),
      raceId: race.id,
      runId: run.id,
      userId: user.id,
      createdAt: new Date(ctx.clock.now()),
      claimedMse: upload.claimedMse ?? null,
      ...verdict.scores,
      paramsHash: verdict.fingerprint,
    };
    const stored = await turns.run(() =>
      ctx.repos.submissions.create({ submission, weights, limit, runScore: (list) => runVerifiedScore(list, race.rules, race.revealedAt !== null) }),
    );
    if (stored.outcome === "revealed") throw new AppError("race_closed", { reason: "deadline_passed" });
    if (stored.outcome === "limit_reached") throw overLimit();
    ctx.logger.info("submission stored", { raceId: race.id, runId: run.id, userId: user.id, publicScore: submission.publicScore });

    // Every page of the classroom ranks from the boards (lib/race/standings), computed from storage.
    ctx.services.boards.changed(race);
    if (submission.publicScore === null) {
      throw new AppError("invalid_weights", { reason: "unscorable", values: { used: stored.count, limit } });
    }
    return {
      submissionId: submission.id,
      runId: run.id,
      publicScore: submission.publicScore,
      privateScore: null,
      rolloutScore: null,
      submissionsUsed: stored.count,
      submissionsLimit: limit,
    };
  } finally {
    await slot.release();
  }
}
