/**
 * The teacher's classroom report: per student, how many runs, race attempts and their best verified score, and
 * the class's score distribution (histogram of each student's best score on log-spaced bins, because MSEs span
 * decades).
 */
import type { Board } from "../scoring/board";
export interface StudentStats {
  userId: string;
  displayName: string;
  runs: number;
  raceRuns: number;
  /** Scored race submissions. */
  attempts: number;
  bestVerifiedScore: number | null;
  bestFinalLoss: number | null;
  lastRunAt: Date | null;
}

export interface Histogram {
  /** Bin edges, length bins + 1. */
  edges: number[];
  counts: number[];
}

export function scoreHistogram(scores: readonly number[], binCount = 10): Histogram {
  const positive = scores.filter((s) => Number.isFinite(s) && s > 0);
  if (positive.length === 0) return { edges: [], counts: [] };
  const lo = Math.log10(Math.min(...positive));
  const hi = Math.log10(Math.max(...positive));
  // One score (or all equal) still gets a visible bin a decade wide.
  const [start, end] = hi - lo < 1e-9 ? [lo - 0.5, hi + 0.5] : [lo, hi];
  const width = (end - start) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, i) => 10 ** (start + i * width));
  const counts = new Array<number>(binCount).fill(0);
  for (const score of positive) {
    const index = Math.min(binCount - 1, Math.max(0, Math.floor((Math.log10(score) - start) / width)));
    counts[index]! += 1;
  }
  return { edges, counts };
}

/**
 * Each student's best verified score, taken from the races' published standings (lib/race/standings): the score
 * the board shows them with, never a run's own, which after a reveal need not be the counted one.
 */
export function withStandings(stats: readonly StudentStats[], published: Iterable<Board>): StudentStats[] {
  const best = new Map<string, number>();
  for (const board of published) {
    for (const row of board.rows) {
      if (row.score === null) continue;
      const seen = best.get(row.userId);
      if (seen === undefined || row.score < seen) best.set(row.userId, row.score);
    }
  }
  return stats.map((s) => ({ ...s, bestVerifiedScore: best.get(s.userId) ?? null }));
}

/** Students ordered by best verified score (students without one last, by name). */
export function orderStudents(stats: readonly StudentStats[]): StudentStats[] {
  return [...stats].sort((a, b) => {
    if (a.bestVerifiedScore !== null && b.bestVerifiedScore !== null) return a.bestVerifiedScore - b.bestVerifiedScore;
    if (a.bestVerifiedScore !== null) return -1;
    if (b.bestVerifiedScore !== null) return 1;
    return a.displayName.localeCompare(b.displayName);
  });
}

/** The report CSV's columns; headers from lib/i18n history.csv.report. */
export const REPORT_CSV_COLUMNS = ["student", "runs", "raceRuns", "attempts", "bestVerifiedScore", "bestFinalLoss", "lastRun"] as const;

export function reportRows(stats: readonly StudentStats[]): (string | number | Date | null)[][] {
  return orderStudents(stats).map((s) => [s.displayName, s.runs, s.raceRuns, s.attempts, s.bestVerifiedScore, s.bestFinalLoss, s.lastRunAt]);
}
