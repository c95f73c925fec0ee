/**
 * What clients receive about scoring: boards and the answer to an upload (zod schemas shared by the HTTP API and
 * the socket contract). Nothing here carries the hidden continuation or the secret seed, and the private scores
 * of a submission are withheld from students until the teacher reveals the private board.
 */
import { z } from "zod";

export const ZBoardRow = z.object({
  rank: z.number().int().positive(),
  userId: z.string(),
  displayName: z.string(),
  /** Null on the private board when the counted model diverged on the hidden data (ranked last). */
  score: z.number().nullable(),
  /** The counted submission, or (public board, before the student's first submission) a verified checkpoint. */
  source: z.enum(["submission", "checkpoint"]),
  /** Server time the score was computed (epoch ms): how fresh the rank is. */
  verifiedAt: z.number(),
  /** The checkpoint's epoch; null for a submission. */
  epoch: z.number().int().nullable(),
  submissionId: z.string().nullable(),
  runId: z.string(),
  submissions: z.number().int().nonnegative(),
  selfReported: z.number().nullable(),
  rankDelta: z.number().int().nullable(),
  publicRank: z.number().int().nullable(),
  /** Teachers only: other students who submitted exactly the same weights. */
  sameWeightsAs: z.array(z.string()).optional(),
});

export const ZBoard = z.object({
  kind: z.enum(["public", "private"]),
  metric: z.enum(["public-one-step", "one-step", "rollout"]),
  rows: z.array(ZBoardRow),
  unranked: z.array(z.object({ userId: z.string(), displayName: z.string(), selfReported: z.number().nullable() })),
});

/** A board as served: which race, and whether the private board is out. */
export const ZRaceBoard = z.object({
  raceId: z.string(),
  revealed: z.boolean(),
  board: ZBoard,
});
export type TRaceBoard = z.infer<typeof ZRaceBoard>;

export const ZSubmissionResult = z.object({
  submissionId: z.string(),
  runId: z.string(),
  /** Verified one-step MSE on the visible validation windows. */
  publicScore: z.number(),
  /** Null until the private board is revealed. */
  privateScore: z.number().nullable(),
  rolloutScore: z.number().nullable(),
  submissionsUsed: z.number().int(),
  submissionsLimit: z.number().int(),
});
export type TSubmissionResult = z.infer<typeof ZSubmissionResult>;

export const ZCheckpointResult = z.object({
  checkpointId: z.string(),
  runId: z.string(),
  epoch: z.number().int().nonnegative(),
  /** Verified one-step MSE on the visible validation windows (a checkpoint is never scored on hidden data). */
  publicScore: z.number(),
  /** Server time of the score (epoch ms). */
  verifiedAt: z.number(),
});
export type TCheckpointResult = z.infer<typeof ZCheckpointResult>;

/** `?epoch=` on a checkpoint upload: the run's epoch when the page took the weights. */
export const ZCheckpointEpoch = z.coerce.number().int().nonnegative().max(1_000_000);

/** `?claimedMse=` on an upload: what the client believes its loss is (shown as self-reported, never ranked). */
export const ZClaimedMse = z.coerce.number().finite().nonnegative().optional();
