/**
 * Submissions and what counts of them, Kaggle style (the boards themselves are lib/race/standings.ts):
 *
 * - Which submission counts for a student is decided with public information only: their best public score
 *   ("best") or their latest submission ("last"), among the first `limit` they made. The private board then
 *   ranks those same submissions by their hidden-data score, so picking by the hidden score is impossible and
 *   the reveal can shake the order up.
 * - Equal scores share a rank (1, 2, 2, 4); the earlier submission is listed first.
 * - Self-reported losses are shown beside the name, never ranked; a student with no verified submission is
 *   listed apart, unranked.
 * - An unscorable submission (no finite public score) uses up one of the student's submissions and never counts.
 *   A counted submission whose hidden score is not finite (the model diverged on the hidden data) ranks last on
 *   the private board, with a null score: refusing it at upload would have told the student about hidden data.
 */
import type { RaceRules } from "@/lib/race/rules";

export type BoardKind = "public" | "private";

export interface SubmissionEntry {
  id: string;
  userId: string;
  runId: string;
  createdAt: Date;
  /** Null: unscorable (its predictions on the visible validation windows are not finite); never counted. */
  publicScore: number | null;
  /** Null: not finite on the hidden data (diverged). */
  privateScore: number | null;
  rolloutScore: number | null;
  /** What the client claimed: displayed as self-reported only. */
  claimedMse: number | null;
}

/** A submission that can count: it has a public score. */
type Scorable = SubmissionEntry & { publicScore: number };
const scorable = (entry: SubmissionEntry): entry is Scorable => entry.publicScore !== null;

export interface Participant {
  userId: string;
  displayName: string;
  /** Latest self-reported loss from the student's runs, if any. */
  selfReported?: number | null;
}

export interface BoardRow {
  rank: number;
  userId: string;
  displayName: string;
  /** Null on the private board only: the counted model diverged on the hidden data (ranked last). */
  score: number | null;
  /** What the score comes from: the counted submission, or (public board, no submission yet) a checkpoint. */
  source: "submission" | "checkpoint";
  /** When the server computed the score (epoch ms): how fresh the rank is. */
  verifiedAt: number;
  /** A checkpoint's epoch (null for a submission). */
  epoch: number | null;
  submissionId: string | null;
  /** The run that counts. */
  runId: string;
  /** Verified submissions the student made (within the limit). */
  submissions: number;
  selfReported: number | null;
  /** Private board only: public rank − private rank (positive = moved up at the reveal). */
  rankDelta: number | null;
  publicRank: number | null;
  /** Teachers' views only: other students who submitted exactly these weights (lib/scoring/shared-weights). */
  sameWeightsAs?: string[];
}

export interface UnrankedRow {
  userId: string;
  displayName: string;
  selfReported: number | null;
}

export interface Board {
  kind: BoardKind;
  /** What `score` means on this board. */
  metric: "public-one-step" | "one-step" | "rollout";
  rows: BoardRow[];
  unranked: UnrankedRow[];
}

type BoardRules = Pick<RaceRules, "metric" | "submissions">;

/** The submission that counts for each student, by the race's policy, within the limit. */
export function countedSubmissions(entries: readonly SubmissionEntry[], rules: BoardRules): Map<string, { counted: Scorable; count: number; claim: number | null }> {
  const byUser = new Map<string, SubmissionEntry[]>();
  for (const entry of [...entries].sort(byTime)) {
    const list = byUser.get(entry.userId) ?? [];
    // Submissions past the limit are never stored; this keeps a board computed from a bad row honest anyway.
    if (list.length < rules.submissions.limit) list.push(entry);
    byUser.set(entry.userId, list);
  }
  const out = new Map<string, { counted: Scorable; count: number; claim: number | null }>();
  for (const [userId, list] of byUser) {
    const candidates = list.filter(scorable);
    if (candidates.length === 0) continue;
    const counted =
      rules.submissions.counts === "last"
        ? (candidates.at(-1) as Scorable)
        : candidates.reduce((best, e) => (e.publicScore < best.publicScore ? e : best));
    const claim = [...list].reverse().find((e) => e.claimedMse !== null)?.claimedMse ?? null;
    out.set(userId, { counted, count: list.length, claim });
  }
  return out;
}

const byTime = (a: SubmissionEntry, b: SubmissionEntry) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The score a run's `verifiedScore` holds: its counted submission's score on the board everyone may see — the
 * public one-step score until the private board is revealed, the race metric's hidden score afterwards (null
 * without a scorable submission, and after the reveal when the counted model diverged on the hidden data). History lists, sorts and filters on this column for students, so it must never hold a
 * hidden score before the reveal: even the order of a student's own runs by hidden score would leak the board.
 */
export function runVerifiedScore(runSubmissions: readonly SubmissionEntry[], rules: BoardRules, revealed: boolean): number | null {
  const perRun = countedSubmissions(runSubmissions.map((s) => ({ ...s, userId: s.runId })), rules);
  const counted = [...perRun.values()][0]?.counted;
  if (!counted) return null;
  if (!revealed) return counted.publicScore;
  return rules.metric === "rollout" ? counted.rolloutScore : counted.privateScore;
}
