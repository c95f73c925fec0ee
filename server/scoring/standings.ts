/**
 * What a race's standings are computed from (lib/race/standings), read from storage: its submissions, its
 * classroom's students with their latest self-reported loss, and its verified checkpoints. Any process reads the
 * same, so every board, podium, report and history page computed from it agrees.
 */
import { publishedStandings, type CheckpointEntry, type StandingsInput } from "@/lib/race/standings";
import type { Board, Participant } from "@/lib/scoring/board";
import type { AppContext } from "../context";
import type { RaceRecord, RunStandingRecord, SubmissionRecord } from "../persistence/records";

/** Students (and their latest self-reported loss) as the standings list them. */
function participants(members: Awaited<ReturnType<AppContext["repos"]["memberships"]["list"]>>, runs: readonly RunStandingRecord[]): Participant[] {
  const claims = new Map<string, { at: number; loss: number }>();
  for (const run of runs) {
    if (run.claimedLoss === null) continue;
    const at = (run.finishedAt ?? run.startedAt).getTime();
    const seen = claims.get(run.userId);
    if (!seen || at >= seen.at) claims.set(run.userId, { at, loss: run.claimedLoss });
  }
  return members
    .filter((m) => m.role === "student")
    .map((m) => ({ userId: m.userId, displayName: m.displayName, selfReported: claims.get(m.userId)?.loss ?? null }));
}

/** Each run's latest checkpoint, as its row carries it (a board needs no scan of every checkpoint). */
function latestCheckpoints(runs: readonly RunStandingRecord[]): CheckpointEntry[] {
  return runs.flatMap((run) =>
    run.checkpointScore !== null && run.checkpointAt !== null && run.checkpointEpoch !== null
      ? [{ id: `latest:${run.id}`, userId: run.userId, runId: run.id, createdAt: run.checkpointAt, epoch: run.checkpointEpoch, publicScore: run.checkpointScore }]
      : [],
  );
}

export interface StoredStandingsInput extends StandingsInput {
  submissions: SubmissionRecord[];
  runs: RunStandingRecord[];
}

/**
 * The race's standings input. `everyCheckpoint`: the whole checkpoint history (a replay asks who led at each
 * moment); otherwise each run's latest, which is all the current standings depend on.
 */
export async function readStandingsInput(ctx: AppContext, race: RaceRecord, options: { everyCheckpoint?: boolean } = {}): Promise<StoredStandingsInput> {
  const [submissions, runs, members, history] = await Promise.all([
    ctx.repos.submissions.listForRace(race.id),
    ctx.repos.runs.standingsForRace(race.id),
    ctx.repos.memberships.list(race.classroomId),
    options.everyCheckpoint ? ctx.repos.checkpoints.listForRace(race.id) : null,
  ]);
  return { rules: race.rules, students: participants(members, runs), submissions, checkpoints: history ?? latestCheckpoints(runs), runs };
}

/** The standings everyone sees now: the public board, the private one once the teacher revealed it. */
export async function readPublishedStandings(ctx: AppContext, race: RaceRecord): Promise<Board> {
  return publishedStandings(await readStandingsInput(ctx, race), race.revealedAt !== null);
}

/** The published standings of several races (History's ranks, the report), by race id. */
export async function readPublishedStandingsOf(ctx: AppContext, raceIds: Iterable<string>): Promise<Map<string, Board>> {
  const boards = new Map<string, Board>();
  for (const raceId of new Set(raceIds)) {
    const race = await ctx.repos.races.findById(raceId);
    if (race) boards.set(raceId, await readPublishedStandings(ctx, race));
  }
  return boards;
}
