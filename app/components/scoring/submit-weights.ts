/**
 * Uploads a finished run's weights for server verification. The race view calls this when a run ends (or the race
 * does); the answer carries the verified public score, never a score the browser computed.
 */
import type { Result } from "@/lib/errors";
import type { TCheckpointResult, TSubmissionResult } from "@/lib/scoring/views";
import { api } from "../../_lib/api";

export interface WeightSubmission {
  raceId: string;
  runId: string;
  /** The LRWT file (lib/ml/weights-format), e.g. the worker's exported weights. */
  weights: Uint8Array;
  /** The loss the browser saw: kept as self-reported, never ranked. */
  claimedMse?: number | null;
}

/** Uploads a training run's current weights as a checkpoint (public data only; never a submission). */
export function submitCheckpoint({ raceId, runId, epoch, weights }: { raceId: string; runId: string; epoch: number; weights: Uint8Array }): Promise<Result<TCheckpointResult>> {
  return api.races.checkpoint({ raceId, runId, query: { epoch }, bytes: weights });
}

export function submitWeights({ raceId, runId, weights, claimedMse }: WeightSubmission): Promise<Result<TSubmissionResult>> {
  const claimed = claimedMse !== null && claimedMse !== undefined && Number.isFinite(claimedMse) && claimedMse >= 0 ? claimedMse : undefined;
  return api.races.submit({ raceId, runId, query: { claimedMse: claimed }, bytes: weights });
}
