/**
 * Public and private leaderboards, Kaggle style, computed from stored submissions alone (so any server can
 * recompute them from the database at any time).
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
  submissionId: string;
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

/** Lower is better; no score (diverged) after every score. */
function byScore(a: number | null, b: number | null): number {
  const [x, y] = [a ?? Infinity, b ?? Infinity];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Competition ranking of rows already sorted by score: equal scores share the better rank. */
function rankSorted<T extends { score: number | null }>(sorted: T[]): (T & { rank: number })[] {
  return sorted.map((row, i) => {
    let first = i;
    while (first > 0 && (sorted[first - 1] as T).score === row.score) first--;
    return { ...row, rank: first + 1 };
  });
}

function ranked(
  counted: ReturnType<typeof countedSubmissions>,
  names: Map<string, Participant>,
  scoreOf: (e: Scorable) => number | null,
): Omit<BoardRow, "rankDelta" | "publicRank">[] {
  const rows = [...counted.values()].map(({ counted: e, count, claim }) => ({
    userId: e.userId,
    displayName: names.get(e.userId)?.displayName ?? "?",
    score: scoreOf(e),
    submissionId: e.id,
    runId: e.runId,
    submissions: count,
    selfReported: claim ?? names.get(e.userId)?.selfReported ?? null,
    createdAt: e.createdAt,
  }));
  rows.sort((a, b) => byScore(a.score, b.score) || a.createdAt.getTime() - b.createdAt.getTime() || (a.userId < b.userId ? -1 : 1));
  return rankSorted(rows).map((row) => {
    const { createdAt, ...rest } = row;
    void createdAt; // used for ordering only
    return rest;
  });
}

export function computeBoard(kind: BoardKind, entries: readonly SubmissionEntry[], participants: readonly Participant[], rules: BoardRules): Board {
  const names = new Map(participants.map((p) => [p.userId, p]));
  const counted = countedSubmissions(entries, rules);
  const publicRows = ranked(counted, names, (e) => e.publicScore);
  const unranked = participants
    .filter((p) => !counted.has(p.userId))
    .map((p) => ({ userId: p.userId, displayName: p.displayName, selfReported: p.selfReported ?? null }));
  if (kind === "public") {
    return { kind, metric: "public-one-step", rows: publicRows.map((r) => ({ ...r, rankDelta: null, publicRank: r.rank })), unranked };
  }
  const publicRank = new Map(publicRows.map((r) => [r.userId, r.rank]));
  const privateRows = ranked(counted, names, (e) => (rules.metric === "rollout" ? e.rolloutScore : e.privateScore));
  return {
    kind,
    metric: rules.metric,
    rows: privateRows.map((r) => {
      const before = publicRank.get(r.userId) ?? null;
      return { ...r, publicRank: before, rankDelta: before === null ? null : before - r.rank };
    }),
    unranked,
  };
}

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
