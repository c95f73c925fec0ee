/**
 * Live ranking. What a run scores is a parameter: a race ranks by the server-verified score of the run's counted
 * submission (`verifiedScore`); the self-reported loss (`selfReportedScore`) is only ever shown, labelled as
 * such, since a client can claim any loss it likes. Lower is better; a run without a score yet is listed after
 * every scored one (unranked).
 */

export interface RankableRun {
  runId: string;
  userId: string;
  lastEpoch: number;
  trainLoss: number | null;
  valLoss: number | null;
}

export type RunScore<R extends RankableRun = RankableRun> = (run: R) => number | null;

/**
 * The score a verified submission gave the run (the public board's until the teacher reveals the private board,
 * the race metric's hidden score afterwards); null until one of its uploads was scored.
 */
export const verifiedScore: RunScore<RankableRun & { verifiedScore: number | null }> = (run) => run.verifiedScore;

/** The latest validation loss, or the latest training loss when the race keeps no validation split. */
export const selfReportedScore: RunScore = (run) => run.valLoss ?? run.trainLoss;

export interface Standing {
  rank: number;
  userId: string;
  /** The student's best run under the score. */
  runId: string;
  score: number | null;
}

/**
 * One line per student (their best run), best first. Equal scores share a rank ("1, 2, 2, 4"); among equals,
 * and among unscored runs, the student further along comes first, then the runId keeps the order stable.
 */
export function standings<R extends RankableRun>(runs: Iterable<R>, score: RunScore<R>): Standing[] {
  const best = new Map<string, { run: R; score: number | null }>();
  for (const run of runs) {
    const s = score(run);
    const current = best.get(run.userId);
    if (!current || compare({ run, score: s }, current) < 0) best.set(run.userId, { run, score: s });
  }
  const sorted = [...best.values()].sort(compare);
  const result: Standing[] = [];
  sorted.forEach((entry, index) => {
    const previous = result[index - 1];
    const rank = previous && previous.score === entry.score && entry.score !== null ? previous.rank : index + 1;
    result.push({ rank, userId: entry.run.userId, runId: entry.run.runId, score: entry.score });
  });
  return result;
}

function compare<R extends RankableRun>(a: { run: R; score: number | null }, b: { run: R; score: number | null }): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return a.score - b.score;
  }
  if (a.run.lastEpoch !== b.run.lastEpoch) return b.run.lastEpoch - a.run.lastEpoch;
  return a.run.runId < b.run.runId ? -1 : a.run.runId > b.run.runId ? 1 : 0;
}
