/**
 * A race's boards: computed from the stored submissions (lib/scoring/board), never kept in memory, so every
 * server process serves the same one; broadcast to the classroom; and the teacher's reveal. Teachers' views also
 * flag students whose counted weights are exactly another student's (lib/scoring/shared-weights); students'
 * views never carry the flag.
 */
import { can } from "@/lib/classroom/rules";
import { computeStandings } from "@/lib/race/standings";
import { runVerifiedScore, type BoardKind } from "@/lib/scoring/board";
import { flagSharedWeights } from "@/lib/scoring/shared-weights";
import type { TRaceBoard } from "@/lib/scoring/views";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RaceRecord, SubmissionRecord, UserRecord } from "../persistence/records";
import { authorize, type Access } from "../services/classrooms";
import { readStandingsInput } from "./standings";

/** Who a board is for: teachers see the shared-weights flags. */
export type Audience = "students" | "teachers";

type Boards = Record<BoardKind, Record<Audience, TRaceBoard>>;

/** The race and the caller's access to its classroom. Outsiders learn nothing about whether the race exists. */
async function raceAccess(ctx: AppContext, raceId: string, userId: string, action: "view" | "manage"): Promise<{ race: RaceRecord; access: Access }> {
  const race = await ctx.repos.races.findById(raceId);
  if (!race) throw new AppError("forbidden", { reason: "not_member" });
  return { race, access: await authorize(ctx, race.classroomId, userId, action) };
}

/** Both boards for both audiences from one read of the database. */
async function computeRaceBoards(ctx: AppContext, race: RaceRecord): Promise<Boards> {
  const input = await readStandingsInput(ctx, race);
  const revealed = race.revealedAt !== null;
  const views = (kind: BoardKind): Record<Audience, TRaceBoard> => {
    const board = computeStandings(kind, input);
    return {
      students: { raceId: race.id, revealed, board },
      teachers: { raceId: race.id, revealed, board: flagSharedWeights(board, input.submissions, input.students) },
    };
  };
  return { public: views("public"), private: views("private") };
}

export async function broadcastBoards(ctx: AppContext, race: RaceRecord): Promise<void> {
  const boards = await computeRaceBoards(ctx, race);
  ctx.rooms.toStudents(race.classroomId, "board:updated", boards.public.students);
  ctx.rooms.toTeachers(race.classroomId, "board:updated", boards.public.teachers);
  // Before the reveal only teachers see the private board; afterwards it is everyone's.
  if (race.revealedAt !== null) ctx.rooms.toStudents(race.classroomId, "board:updated", boards.private.students);
  ctx.rooms.toTeachers(race.classroomId, "board:updated", boards.private.teachers);
}

export async function getBoard(ctx: AppContext, user: UserRecord, raceId: string, kind: BoardKind): Promise<TRaceBoard> {
  const { race, access } = await raceAccess(ctx, raceId, user.id, "view");
  const teacher = can(access.membership.role, "manage");
  if (kind === "private" && race.revealedAt === null && !teacher) {
    throw new AppError("forbidden", { reason: "private_board_hidden" });
  }
  return (await computeRaceBoards(ctx, race))[kind][teacher ? "teachers" : "students"];
}

/** At the reveal every run's verifiedScore switches from its public score to the race metric's hidden one. */
async function publishHiddenScores(ctx: AppContext, race: RaceRecord): Promise<void> {
  const byRun = new Map<string, SubmissionRecord[]>();
  for (const submission of await ctx.repos.submissions.listForRace(race.id)) {
    byRun.set(submission.runId, [...(byRun.get(submission.runId) ?? []), submission]);
  }
  for (const [runId, submissions] of byRun) {
    await ctx.services.scoringTurns.run(() => ctx.repos.runs.setVerifiedScore(runId, runVerifiedScore(submissions, race.rules, true)));
  }
}

/** The teacher reveals the private board once the race has ended; revealing again changes nothing. */
export async function revealBoard(ctx: AppContext, user: UserRecord, raceId: string): Promise<TRaceBoard> {
  const { race } = await raceAccess(ctx, raceId, user.id, "manage");
  if (race.status !== "ended") throw new AppError("race_closed", { reason: "not_ended" });
  if (race.revealedAt !== null) return (await computeRaceBoards(ctx, race)).private.teachers;
  const revealed = (await ctx.repos.races.update(race.id, { revealedAt: new Date(ctx.clock.now()) })) ?? race;
  await publishHiddenScores(ctx, revealed);
  const boards = (await computeRaceBoards(ctx, revealed)).private;
  const revealedAt = (revealed.revealedAt as Date).toISOString();
  ctx.rooms.toStudents(race.classroomId, "board:revealed", { ...boards.students, revealedAt });
  ctx.rooms.toTeachers(race.classroomId, "board:revealed", { ...boards.teachers, revealedAt });
  ctx.logger.info("private board revealed", { raceId: race.id });
  return boards.teachers;
}
