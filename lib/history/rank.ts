/**
 * A race run's rank in History: its student's rank in the race's published standings (lib/race/standings), shown
 * on the run that counts for them; their other runs in the race have none. Rank per student, as on the board:
 * a student with three runs is not three places.
 */
import type { Board } from "../scoring/board";

export interface RankInput {
  id: string;
  raceId: string | null;
}

export function ranksFromStandings(page: readonly RankInput[], published: ReadonlyMap<string, Board>): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const run of page) {
    const board = run.raceId === null ? undefined : published.get(run.raceId);
    const row = board?.rows.find((r) => r.runId === run.id);
    if (row) ranks.set(run.id, row.rank);
  }
  return ranks;
}
