/**
 * Scoring use cases: a student's upload (authorization, race window, limit, verification in the worker pool,
 * storage, board broadcast), the boards, and the teacher's reveal. The board is always computed from the stored
 * submissions (lib/scoring/board), never kept in memory, so every server process serves the same one.
 */
import { randomUUID } from "node:crypto";
import { can } from "@/lib/classroom/rules";
import { computeBoard, runVerifiedScore, type BoardKind, type Participant } from "@/lib/scoring/board";
import { maxWeightsBytes } from "@/lib/scoring/check";
import { submissionWindow } from "@/lib/scoring/submission-window";
import type { TRaceBoard, TSubmissionResult } from "@/lib/scoring/views";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { RaceRecord, SubmissionRecord, UserRecord } from "../persistence/records";
import { authorize, type Access } from "../services/classrooms";
import { boardBroadcaster } from "./board-broadcaster";
import { Turns } from "./turns";

/** The race and the caller's access to its classroom. Outsiders learn nothing about whether the race exists. */
async function raceAccess(ctx: AppContext, raceId: string, userId: string, action: "view" | "manage"): Promise<{ race: RaceRecord; access: Access }> {
  const race = await ctx.repos.races.findById(raceId);
  if (!race) throw new AppError("forbidden", { reason: "not_member" });
  return { race, access: await authorize(ctx, race.classroomId, userId, action) };
}

export interface Upload {
  raceId: string;
  runId: string;
  /** Reads the body, refusing more than `maxBytes` (called only once the caller may submit). */
  readBody(maxBytes: number): Promise<Uint8Array>;
  claimedMse?: number;
}

const turns = new WeakMap<AppContext, Turns>();
/** The server's queue of upload database work (see server/scoring/turns.ts). */
function turnsOf(ctx: AppContext): Turns {
  let t = turns.get(ctx);
  if (!t) turns.set(ctx, (t = new Turns()));
  return t;
}

export async function submitWeights(ctx: AppContext, user: UserRecord, upload: Upload): Promise<TSubmissionResult> {
  // One query per turn: the checks of a class's simultaneous uploads interleave instead of queueing as one block.
  const queue = turnsOf(ctx);
  const race = await queue.run(() => ctx.repos.races.findById(upload.raceId));
  const membership = race && (await queue.run(() => ctx.repos.memberships.find(race.classroomId, user.id)));
  // Outsiders learn nothing about whether the race exists.
  if (!race || !membership) throw new AppError("forbidden", { reason: "not_member" });
  const run = await queue.run(() => ctx.repos.runs.findById(upload.runId));
  if (!run || run.userId !== user.id || run.raceId !== race.id) throw new AppError("forbidden", { reason: "not_run_owner" });
  const window = submissionWindow(race, ctx.clock.now());
  if (!window.open) throw new AppError("race_closed", { reason: window.reason });
  // Checked again atomically when storing; this spares the scoring of an upload that could never count.
  if ((await queue.run(() => ctx.repos.submissions.countForUser(race.id, user.id))) >= race.rules.submissions.limit) {
    throw new AppError("submission_limit", { reason: "reached", values: { limit: race.rules.submissions.limit } });
  }
  const { limit } = race.rules.submissions;

  const weights = await upload.readBody(maxWeightsBytes(run.config.model));
  const pool = ctx.services.scoring;
  if (!pool) throw new Error("this server has no scoring pool: pass services.scoring to createServer");
  const verdict = await pool.score({ raceId: race.id, hiddenSeed: race.hiddenSeed, rules: race.rules, runConfig: run.config, weights });
  if (!verdict.ok) {
    throw new AppError("invalid_weights", { reason: verdict.problem, message: `These weights cannot be scored: ${verdict.message}.` });
  }
  const submission = {
    id: randomUUID(),
    raceId: race.id,
    runId: run.id,
    userId: user.id,
    createdAt: new Date(ctx.clock.now()),
    claimedMse: upload.claimedMse ?? null,
    ...verdict.scores,
  };
  const stored = await turnsOf(ctx).run(() =>
    ctx.repos.submissions.create({ submission, weights, limit, runScore: (list) => runVerifiedScore(list, race.rules, race.revealedAt !== null) }),
  );
  if (stored.outcome === "revealed") throw new AppError("race_closed", { reason: "deadline_passed" });
  if (stored.outcome === "limit_reached") throw new AppError("submission_limit", { reason: "reached", values: { limit } });
  ctx.logger.info("submission scored", { raceId: race.id, runId: run.id, userId: user.id, publicScore: submission.publicScore });

  boardBroadcaster(ctx, (c, r) => turnsOf(c).run(() => broadcastBoards(c, r))).changed(race);
  // The live race re-ranks by the new verified score on every process. Not awaited: the student's answer does
  // not wait for the room (a failure is logged; the next change or a page reload reads the scores again).
  ctx.services.races.scoresChanged(race.id).catch((error: unknown) => ctx.logger.error("race: re-ranking after a submission failed", { raceId: race.id, error }));
  return {
    submissionId: submission.id,
    runId: run.id,
    publicScore: submission.publicScore,
    privateScore: null,
    rolloutScore: null,
    submissionsUsed: stored.count,
    submissionsLimit: limit,
  };
}

/** Students (and their latest self-reported loss) as the board lists them. */
async function participants(ctx: AppContext, race: RaceRecord): Promise<Participant[]> {
  const [members, runs] = await Promise.all([ctx.repos.memberships.list(race.classroomId), ctx.repos.runs.listForRace(race.id)]);
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

/** Both boards from one read of the database. */
async function computeRaceBoards(ctx: AppContext, race: RaceRecord): Promise<Record<BoardKind, TRaceBoard>> {
  const [entries, people] = await Promise.all([ctx.repos.submissions.listForRace(race.id), participants(ctx, race)]);
  const revealed = race.revealedAt !== null;
  const board = (kind: BoardKind): TRaceBoard => ({ raceId: race.id, revealed, board: computeBoard(kind, entries, people, race.rules) });
  return { public: board("public"), private: board("private") };
}

async function computeRaceBoard(ctx: AppContext, race: RaceRecord, kind: BoardKind): Promise<TRaceBoard> {
  return (await computeRaceBoards(ctx, race))[kind];
}

async function broadcastBoards(ctx: AppContext, race: RaceRecord): Promise<void> {
  const { public: publicBoard, private: privateBoard } = await computeRaceBoards(ctx, race);
  ctx.rooms.toClassroom(race.classroomId, "board:updated", publicBoard);
  // Before the reveal only teachers see the private board; afterwards it is everyone's.
  if (race.revealedAt === null) ctx.rooms.toTeachers(race.classroomId, "board:updated", privateBoard);
  else ctx.rooms.toClassroom(race.classroomId, "board:updated", privateBoard);
}

export async function getBoard(ctx: AppContext, user: UserRecord, raceId: string, kind: BoardKind): Promise<TRaceBoard> {
  const { race, access } = await raceAccess(ctx, raceId, user.id, "view");
  if (kind === "private" && race.revealedAt === null && !can(access.membership.role, "manage")) {
    throw new AppError("forbidden", { reason: "private_board_hidden" });
  }
  return computeRaceBoard(ctx, race, kind);
}

/** At the reveal every run's verifiedScore switches from its public score to the race metric's hidden one. */
async function publishHiddenScores(ctx: AppContext, race: RaceRecord): Promise<void> {
  const byRun = new Map<string, SubmissionRecord[]>();
  for (const submission of await ctx.repos.submissions.listForRace(race.id)) {
    byRun.set(submission.runId, [...(byRun.get(submission.runId) ?? []), submission]);
  }
  for (const [runId, submissions] of byRun) {
    await turnsOf(ctx).run(() => ctx.repos.runs.setVerifiedScore(runId, runVerifiedScore(submissions, race.rules, true)));
  }
}

/** The teacher reveals the private board once the race has ended; revealing again changes nothing. */
export async function revealBoard(ctx: AppContext, user: UserRecord, raceId: string): Promise<TRaceBoard> {
  const { race } = await raceAccess(ctx, raceId, user.id, "manage");
  if (race.status !== "ended") throw new AppError("race_closed", { reason: "not_ended" });
  let revealed = race;
  if (race.revealedAt === null) {
    revealed = (await ctx.repos.races.update(race.id, { revealedAt: new Date(ctx.clock.now()) })) ?? race;
    await publishHiddenScores(ctx, revealed);
    // The live race and its final standings now rank by the hidden scores.
    await ctx.services.races.scoresChanged(race.id);
    const board = await computeRaceBoard(ctx, revealed, "private");
    ctx.rooms.toClassroom(race.classroomId, "board:revealed", { ...board, revealedAt: (revealed.revealedAt as Date).toISOString() });
    ctx.logger.info("private board revealed", { raceId: race.id });
    return board;
  }
  return computeRaceBoard(ctx, revealed, "private");
}
