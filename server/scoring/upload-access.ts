/**
 * Who may upload weights for a run of a race (a submission or a checkpoint): a member of the race's classroom,
 * for their own run of that race. The three look-ups share one turn: each is a small indexed read, and a
 * checkpoint paying three event-loop hops instead of one made a busy class's checkpoints queue for seconds
 * (bench:race).
 */
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RaceRecord, RunRecord, UserRecord } from "../persistence/records";

export async function uploadAccess(ctx: AppContext, user: UserRecord, raceId: string, runId: string): Promise<{ race: RaceRecord; run: RunRecord }> {
  const found = await ctx.services.scoringTurns.run(async () => {
    const race = await ctx.repos.races.findById(raceId);
    const membership = race && (await ctx.repos.memberships.find(race.classroomId, user.id));
    // Outsiders learn nothing about whether the race exists.
    if (!race || !membership) return null;
    return { race, run: await ctx.repos.runs.findById(runId) };
  });
  if (!found) throw new AppError("forbidden", { reason: "not_member" });
  const { race, run } = found;
  if (!run || run.userId !== user.id || run.raceId !== race.id) throw new AppError("forbidden", { reason: "not_run_owner" });
  return { race, run };
}
