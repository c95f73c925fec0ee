/**
 * A race run's rank: 1 + the number of runs in the same race with a strictly better (lower) verified score, so
 * ties share a rank. Runs without a verified score have no rank.
 */
export interface RankInput {
  id: string;
  raceId: string | null;
  verifiedScore: number | null;
}

export function ranksWithinRaces(page: readonly RankInput[], raceScores: ReadonlyMap<string, readonly number[]>): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const run of page) {
    if (run.raceId === null || run.verifiedScore === null) continue;
    const scores = raceScores.get(run.raceId) ?? [];
    // Sorted ascending: count of strictly lower scores by binary search.
    let lo = 0;
    let hi = scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (scores[mid]! < run.verifiedScore) lo = mid + 1;
      else hi = mid;
    }
    ranks.set(run.id, lo + 1);
  }
  return ranks;
}
