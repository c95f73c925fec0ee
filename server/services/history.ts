/**
 * Experiment history use cases. The rules: a student's history, run pages and comparisons show only their own
 * runs; the teacher of a classroom sees that classroom's runs; a race's runs were shown live to the whole room,
 * so every member of the race's classroom sees that race's replay and sweep (curves and hyperparameters, never
 * the weights or a run page); Playground runs stay private to their owner (and the classroom's teacher when saved
 * in one); nobody else sees anything. It is decided here, turned into a RunScope, and the repository puts the
 * scope in every query's `where`. Runs a caller may not see answer exactly like runs that do not exist, so ids
 * cannot be probed.
 */
import { configDiff, type DiffRow } from "@/lib/history/config-diff";
import { parallelCoordinates, pickHyperparameters, type ParallelData } from "@/lib/history/parallel";
import { pageCount, type HistoryQuery } from "@/lib/history/query";
import { thinCurve } from "@/lib/history/smoothing";
import { ranksFromStandings } from "@/lib/history/rank";
import { leaderTimeline, publishedStandings, type Leader } from "@/lib/race/standings";
import { scoreHistogram, orderStudents, withStandings, type Histogram, type StudentStats } from "@/lib/history/report";
import { pickSummary, type CurvePointView, type HistoryPageView, type HistoryRunView, type RunDetailView } from "@/lib/history/views";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { HistoryRunRecord, RaceInfo, RunScope } from "../persistence/history";
import type { UserRecord } from "../persistence/records";
import { readPublishedStandingsOf, readStandingsInput } from "../scoring/standings";

export const COMPARE_LIMITS = { min: 2, max: 10 } as const;
/** Points per curve in a comparison (a run page has the full curve and its downloads). */
export const COMPARE_MAX_POINTS = 500;
/** The sweep chart draws one line per run; beyond this many the chart is a blur and the page slow. */
export const SWEEP_MAX_RUNS = 2_000;
/** A race has one run per student and attempt; a replay of more than this many curves is unreadable anyway. */
export const REPLAY_MAX_RUNS = 200;

/** The summary only: a VisibleRun's configuration and flags travel separately (RunDetailView). */
export function toRunView(run: HistoryRunRecord, rank: number | null): HistoryRunView {
  return {
    ...pickSummary(run),
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    rank,
  };
}

async function isTeacherOf(ctx: AppContext, classroomId: string | null, userId: string, cache?: Map<string, boolean>): Promise<boolean> {
  if (classroomId === null) return false;
  const cached = cache?.get(classroomId);
  if (cached !== undefined) return cached;
  const membership = await ctx.repos.memberships.find(classroomId, userId);
  const teacher = membership?.role === "teacher";
  cache?.set(classroomId, teacher);
  return teacher;
}

/**
 * What the caller may see of a classroom and/or race: all of it as its teacher; as a student, their own runs in
 * the history list, and in the room's shared views (`shared`: replay and sweep) a race's every run, or a
 * classroom's race runs plus their own.
 */
export async function resolveScope(
  ctx: AppContext,
  user: UserRecord,
  where: { classroomId?: string; raceId?: string },
  shared = false,
): Promise<{ scope: RunScope; race: RaceInfo | null }> {
  let classroomId = where.classroomId;
  let race: RaceInfo | null = null;
  if (where.raceId) {
    race = await ctx.repos.history.findRace(where.raceId);
    if (!race || (classroomId && race.classroomId !== classroomId)) throw new AppError("forbidden", { reason: "not_member" });
    classroomId = race.classroomId;
  }
  if (!classroomId) return { scope: { kind: "own", userId: user.id }, race };
  const membership = await ctx.repos.memberships.find(classroomId, user.id);
  if (!membership) throw new AppError("forbidden", { reason: "not_member" });
  const raceId = where.raceId ? { raceId: where.raceId } : {};
  if (membership.role === "teacher" || (shared && where.raceId)) return { scope: { kind: "classroom", classroomId, ...raceId }, race };
  if (shared) return { scope: { kind: "room", classroomId, userId: user.id }, race };
  return { scope: { kind: "own", userId: user.id, classroomId, ...raceId }, race };
}

async function withRanks(ctx: AppContext, runs: HistoryRunRecord[]): Promise<HistoryRunView[]> {
  const raceIds = runs.flatMap((run) => (run.raceId ? [run.raceId] : []));
  const ranks = ranksFromStandings(runs, await readPublishedStandingsOf(ctx, raceIds));
  return runs.map((run) => toRunView(run, ranks.get(run.id) ?? null));
}

/**
 * A history list not narrowed to one classroom or race: a teacher's includes every run of the classrooms they
 * teach (their students' work is what they come to see), a student's is their own runs.
 */
async function listScope(ctx: AppContext, user: UserRecord, query: HistoryQuery): Promise<RunScope> {
  if (query.classroomId || query.raceId) return (await resolveScope(ctx, user, { classroomId: query.classroomId, raceId: query.raceId })).scope;
  const taught = (await ctx.repos.classrooms.listForUser(user.id)).filter((listing) => listing.role === "teacher").map((listing) => listing.classroom.id);
  return taught.length > 0 ? { kind: "taught", userId: user.id, classroomIds: taught } : { kind: "own", userId: user.id };
}

export async function listHistory(ctx: AppContext, user: UserRecord, query: HistoryQuery): Promise<HistoryPageView> {
  const scope = await listScope(ctx, user, query);
  const { runs, total } = await ctx.repos.history.list(scope, query);
  return { runs: await withRanks(ctx, runs), total, page: query.page, pageSize: query.pageSize, pageCount: pageCount(total, query.pageSize) };
}

export type VisibleRun = HistoryRunRecord & { configJson: string; hasWeights: boolean; editable: boolean };

/** The runs the caller may see, in the order asked; any other id fails the whole request as not found. */
export async function visibleRuns(ctx: AppContext, user: UserRecord, ids: readonly string[]): Promise<VisibleRun[]> {
  const found = new Map((await ctx.repos.history.findMany(ids)).map((run) => [run.id, run]));
  const teacherCache = new Map<string, boolean>();
  const out: VisibleRun[] = [];
  for (const id of ids) {
    const run = found.get(id);
    const own = run?.userId === user.id;
    if (!run || (!own && !(await isTeacherOf(ctx, run.classroomId, user.id, teacherCache)))) throw new AppError("not_found", { reason: "run" });
    out.push({ ...run, editable: own });
  }
  return out;
}

export async function annotateRun(ctx: AppContext, user: UserRecord, runId: string, change: { tags?: string[]; note?: string | null }): Promise<HistoryRunView> {
  const [run] = await visibleRuns(ctx, user, [runId]);
  if (!run!.editable) throw new AppError("forbidden", { reason: "run_not_yours" });
  await ctx.repos.history.annotate(runId, change);
  const [updated] = await visibleRuns(ctx, user, [runId]);
  const [view] = await withRanks(ctx, [updated!]);
  return view!;
}

export interface ComparisonBase {
  runs: HistoryRunView[];
  configs: unknown[];
  diff: DiffRow[];
}

export async function compareRuns(ctx: AppContext, user: UserRecord, ids: readonly string[]): Promise<ComparisonBase & { visible: VisibleRun[] }> {
  const unique = [...new Set(ids)];
  if (unique.length < COMPARE_LIMITS.min || unique.length > COMPARE_LIMITS.max) {
    throw new AppError("bad_request", { reason: "compare_count", field: "ids", values: COMPARE_LIMITS });
  }
  const visible = await visibleRuns(ctx, user, unique);
  const configs = visible.map((run) => JSON.parse(run.configJson) as unknown);
  return { runs: await withRanks(ctx, visible), configs, diff: configDiff(configs), visible };
}

export interface SweepView {
  data: ParallelData;
  /** The caller sees the whole classroom or race, a student the room's race runs plus their own, or only their own. */
  scope: RunScope["kind"];
  truncated: boolean;
}

export async function sweepChart(ctx: AppContext, user: UserRecord, where: { classroomId?: string; raceId?: string }): Promise<SweepView> {
  const { scope } = await resolveScope(ctx, user, where, true);
  const rows = await ctx.repos.history.sweep(scope, SWEEP_MAX_RUNS + 1);
  const truncated = rows.length > SWEEP_MAX_RUNS;
  const data = parallelCoordinates(
    rows.slice(0, SWEEP_MAX_RUNS).map((row) => ({
      ...pickHyperparameters(row),
      id: row.id,
      label: row.studentName,
      score: row.verifiedScore ?? row.finalValLoss ?? row.finalTrainLoss,
      verified: row.verifiedScore !== null,
    })),
  );
  return { data, scope: scope.kind, truncated };
}

export interface ClassroomReport {
  classroomId: string;
  classroomName: string;
  students: StudentStats[];
  distribution: Histogram;
}

export async function classroomReport(ctx: AppContext, user: UserRecord, classroomId: string): Promise<ClassroomReport> {
  const membership = await ctx.repos.memberships.find(classroomId, user.id);
  const classroom = membership ? await ctx.repos.classrooms.findById(classroomId) : null;
  if (!membership || !classroom) throw new AppError("forbidden", { reason: "not_member" });
  if (membership.role !== "teacher") throw new AppError("forbidden", { reason: "not_teacher" });
  // A student's best verified score is their best standing in the classroom's races, as each race publishes it.
  const races = await ctx.repos.races.listForClassroom(classroomId);
  const published = await readPublishedStandingsOf(ctx, races.map((race) => race.id));
  const students = orderStudents(withStandings(await ctx.repos.history.classroomReport(classroomId), published.values()));
  const distribution = scoreHistogram(students.flatMap((s) => (s.bestVerifiedScore === null ? [] : [s.bestVerifiedScore])));
  return { classroomId, classroomName: classroom.name, students, distribution };
}

export async function runDetail(ctx: AppContext, user: UserRecord, runId: string): Promise<RunDetailView> {
  const [run] = await visibleRuns(ctx, user, [runId]);
  const [view] = await withRanks(ctx, [run!]);
  const [curve, rollouts] = await Promise.all([ctx.repos.runs.readCurve(runId), ctx.repos.runs.readRollouts(runId)]);
  return { run: view!, config: JSON.parse(run!.configJson) as unknown, curve, rollouts, hasWeights: run!.hasWeights, editable: run!.editable };
}

export async function runWeights(ctx: AppContext, user: UserRecord, runId: string): Promise<Uint8Array> {
  await visibleRuns(ctx, user, [runId]);
  const weights = await ctx.repos.runs.readWeights(runId);
  if (!weights) throw new AppError("not_found", { reason: "weights" });
  return weights;
}

export interface ComparisonView extends ComparisonBase {
  curves: Record<string, CurvePointView[]>;
}

export async function comparison(ctx: AppContext, user: UserRecord, ids: readonly string[]): Promise<ComparisonView> {
  const { visible, ...base } = await compareRuns(ctx, user, ids);
  const curves = await ctx.repos.history.readCurves(visible.map((run) => run.id));
  return { ...base, curves: Object.fromEntries(visible.map((run) => [run.id, thinCurve(curves.get(run.id) ?? [], COMPARE_MAX_POINTS)])) };
}

export interface ReplayView {
  race: { id: string; name: string; startsAt: string | null; endedAt: string | null };
  scope: RunScope["kind"];
  runs: { runId: string; label: string; startedAt: string; points: CurvePointView[] }[];
  /** Who led the public board, from when (lib/race/standings leaderTimeline): the replay's "leading at this moment". */
  leaders: (Omit<Leader, "at"> & { at: string })[];
  /** First place of the published standings (the private board's once revealed): where the replay ends. */
  final: { userId: string; displayName: string; runId: string; score: number } | null;
}

/** Every visible run of the race with its stored curve: the page builds the timeline (lib/history/replay). */
export async function raceReplay(ctx: AppContext, user: UserRecord, raceId: string): Promise<ReplayView> {
  const { scope, race } = await resolveScope(ctx, user, { raceId }, true);
  const rows = await ctx.repos.history.sweep(scope, REPLAY_MAX_RUNS);
  const curves = await ctx.repos.history.readCurves(rows.map((row) => row.id));
  const stored = await ctx.repos.races.findById(race!.id);
  const input = stored && (await readStandingsInput(ctx, stored, { everyCheckpoint: true }));
  const leaders = input ? leaderTimeline(input) : [];
  const first = input ? publishedStandings(input, stored.revealedAt !== null).rows[0] : undefined;
  return {
    race: { id: race!.id, name: race!.name, startsAt: race!.startsAt?.toISOString() ?? null, endedAt: race!.endedAt?.toISOString() ?? null },
    scope: scope.kind,
    runs: rows.map((row) => ({ runId: row.id, label: row.studentName, startedAt: row.startedAt.toISOString(), points: curves.get(row.id) ?? [] })),
    leaders: leaders.map((leader) => ({ ...leader, at: new Date(leader.at).toISOString() })),
    final: first && first.score !== null ? { userId: first.userId, displayName: first.displayName, runId: first.runId, score: first.score } : null,
  };
}

export interface RaceListing {
  id: string;
  name: string;
  status: string;
  startsAt: string | null;
}

/** The classroom's races, for its history page (any member: race names are no secret in the room). */
export async function classroomRaces(ctx: AppContext, user: UserRecord, classroomId: string): Promise<{ classroomName: string; role: "teacher" | "student"; races: RaceListing[] }> {
  const membership = await ctx.repos.memberships.find(classroomId, user.id);
  const classroom = membership ? await ctx.repos.classrooms.findById(classroomId) : null;
  if (!membership || !classroom) throw new AppError("forbidden", { reason: "not_member" });
  const races = await ctx.repos.races.listForClassroom(classroomId);
  return {
    classroomName: classroom.name,
    role: membership.role,
    races: races.map((race) => ({ id: race.id, name: race.name, status: race.status, startsAt: race.startsAt?.toISOString() ?? null })),
  };
}
