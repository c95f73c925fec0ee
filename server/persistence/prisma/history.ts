import { EXAMPLE_NAMES, exampleId } from "@/lib/data/examples/names";
import { SERIES_PRESETS } from "@/lib/data/series";
import { UPLOADED_SERIES } from "@/lib/runs/config-columns";
import { dateBounds, pageWindow, type HistoryQuery, type HistorySortKey } from "@/lib/history/query";
import type { StudentStats } from "@/lib/history/report";
import { pickSummary, RUN_COLUMN_KEYS, RUN_KINDS, type RunColumns, type RunKind } from "@/lib/history/views";
import { decodeCurve, type CurvePoint } from "@/lib/runs/curve";
import type { HistoryRepository, HistoryRunRecord, RaceInfo, RunningRunRecord, RunScope, SweepRecord } from "../history";
import type { Provider } from "../sql-driver";
import type { Prisma } from "./client";

type RunWhere = NonNullable<Parameters<Prisma["run"]["findMany"]>[0]>["where"];
type RunOrderBy = NonNullable<Parameters<Prisma["run"]["findMany"]>[0]>["orderBy"];

/** Series a search can name: the presets, and "upload" for every run on uploaded data. */
const SERIES_NAMES = [...SERIES_PRESETS, UPLOADED_SERIES];

/** Classrooms, races or datasets whose name matches a search; more would mean the search term is too vague to matter. */
const SEARCH_NAME_MATCHES = 200;

const CELLS = ["RNN", "LSTM", "GRU"];
const OPTIMIZERS = ["sgd", "momentum", "adam"];
const BACKENDS = ["cpu", "wasm", "webgl"];

const NULLABLE_SORT_KEYS = new Set<HistorySortKey>(["finalTrainLoss", "finalValLoss", "verifiedScore", "msPerEpoch"]);

/**
 * Only the columns a summary shows, plus its joins: the list sorts thousands of matching rows, and SQLite carries
 * every selected column through the sort, so the configuration JSON (the widest column) stays out.
 */
const summarySelect = {
  ...(Object.fromEntries(RUN_COLUMN_KEYS.map((key) => [key, true])) as { [K in (typeof RUN_COLUMN_KEYS)[number]]: true }),
  kind: true,
  user: { select: { displayName: true } },
  classroom: { select: { name: true } },
  race: { select: { name: true } },
  tags: { select: { tag: true }, orderBy: { tag: "asc" } },
} as const;

/** A run row with `summarySelect`'s joins (and possibly more columns, which toSummary leaves out). */
interface SummaryRow extends RunColumns<Date> {
  kind: string;
  user: { displayName: string };
  classroom: { name: string } | null;
  race: { name: string } | null;
  tags: { tag: string }[];
}

function toSummary(row: SummaryRow): HistoryRunRecord {
  return pickSummary({
    ...row,
    kind: (RUN_KINDS as readonly string[]).includes(row.kind) ? (row.kind as RunKind) : "playground",
    studentName: row.user.displayName,
    classroomName: row.classroom?.name ?? null,
    raceName: row.race?.name ?? null,
    tags: row.tags.map((t) => t.tag),
  });
}

export function scopeWhere(scope: RunScope): RunWhere {
  if (scope.kind === "taught") return { OR: [{ userId: scope.userId }, { classroomId: { in: scope.classroomIds } }] } as RunWhere;
  if (scope.kind === "room") return { classroomId: scope.classroomId, OR: [{ userId: scope.userId }, { kind: "race" }] } as RunWhere;
  const where: Record<string, unknown> = scope.kind === "own" ? { userId: scope.userId } : { classroomId: scope.classroomId };
  if (scope.kind === "own" && scope.classroomId) where.classroomId = scope.classroomId;
  if (scope.raceId) where.raceId = scope.raceId;
  return where as RunWhere;
}

export class PrismaHistoryRepository implements HistoryRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly provider: Provider,
  ) {}

  /** SQLite's LIKE is case-insensitive for ASCII already; PostgreSQL needs Prisma's insensitive mode. */
  private contains(text: string): Record<string, unknown> {
    return this.provider === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text };
  }

  private async where(scope: RunScope, query: HistoryQuery): Promise<RunWhere> {
    const and: RunWhere[] = [scopeWhere(scope)];
    if (query.classroomId) and.push({ classroomId: query.classroomId });
    if (query.raceId) and.push({ raceId: query.raceId });
    if (query.kind) and.push({ kind: query.kind });
    if (query.cell) and.push({ cell: query.cell });
    const dates = dateBounds(query);
    if (dates.gte || dates.lt) and.push({ startedAt: dates });
    if (query.minScore !== undefined || query.maxScore !== undefined) {
      and.push({ verifiedScore: { ...(query.minScore !== undefined ? { gte: query.minScore } : {}), ...(query.maxScore !== undefined ? { lte: query.maxScore } : {}) } });
    }
    if (query.tag) and.push({ tags: { some: { tag: query.tag } } });
    if (query.q) and.push(await this.searchWhere(query.q));
    return { AND: and } as RunWhere;
  }

  /**
   * A search matches the note (substring), a whole tag, a classroom, race or uploaded dataset's name, or a cell,
   * optimiser, series or backend name. Only the parts that can match this term go into the query (a term that names no optimiser
   * does not test every run's optimiser), and names and tags are resolved first in their own small tables: over a
   * student's 10,000 runs every extra per-row test costs milliseconds.
   */
  private async searchWhere(q: string): Promise<RunWhere> {
    const lower = q.toLowerCase();
    const [classrooms, races, datasets, tagged] = await Promise.all([
      this.prisma.classroom.findMany({ where: { name: this.contains(q) }, select: { id: true }, take: SEARCH_NAME_MATCHES }),
      this.prisma.race.findMany({ where: { name: this.contains(q) }, select: { id: true }, take: SEARCH_NAME_MATCHES }),
      this.prisma.dataset.findMany({ where: { name: this.contains(q) }, select: { id: true }, take: SEARCH_NAME_MATCHES }),
      this.prisma.runTag.findFirst({ where: { tag: lower }, select: { tag: true } }),
    ]);
    const presets = SERIES_NAMES.filter((preset) => preset.startsWith(lower));
    // Only ids go into the query: the caller's scope decides which runs are theirs to find.
    const datasetIds = [...datasets.map((d) => d.id), ...EXAMPLE_NAMES.filter((name) => name.includes(lower)).map(exampleId)];
    const or: RunWhere[] = [{ note: this.contains(q) } as RunWhere];
    if (tagged) or.push({ tags: { some: { tag: lower } } });
    if (classrooms.length) or.push({ classroomId: { in: classrooms.map((c) => c.id) } });
    if (races.length) or.push({ raceId: { in: races.map((r) => r.id) } });
    if (datasetIds.length) or.push({ datasetId: { in: datasetIds } });
    if (presets.length) or.push({ datasetPreset: { in: presets } });
    if (CELLS.includes(q.toUpperCase())) or.push({ cell: q.toUpperCase() });
    if (OPTIMIZERS.includes(lower)) or.push({ optimizer: lower });
    if (BACKENDS.some((backend) => backend.startsWith(lower) || lower.startsWith(backend))) or.push({ backend: { startsWith: lower } });
    return { OR: or } as RunWhere;
  }

  async list(scope: RunScope, query: HistoryQuery): Promise<{ runs: HistoryRunRecord[]; total: number }> {
    const where = await this.where(scope, query);
    const primary = NULLABLE_SORT_KEYS.has(query.sort) ? { [query.sort]: { sort: query.dir, nulls: "last" } } : { [query.sort]: query.dir };
    // Ties broken by start time then id, so pages never overlap or skip a run.
    const orderBy = [primary, ...(query.sort === "startedAt" ? [] : [{ startedAt: "desc" }]), { id: "asc" }] as RunOrderBy;
    const [rows, total] = await Promise.all([
      this.prisma.run.findMany({ where, orderBy, ...pageWindow(query), select: summarySelect }),
      this.prisma.run.count({ where }),
    ]);
    return { runs: rows.map(toSummary), total };
  }

  async findMany(ids: readonly string[]): Promise<(HistoryRunRecord & { configJson: string; hasWeights: boolean })[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.run.findMany({
      where: { id: { in: [...ids] } },
      select: { ...summarySelect, configJson: true, weights: { select: { runId: true } } },
    });
    return rows.map((row) => ({ ...toSummary(row), configJson: row.configJson, hasWeights: row.weights !== null }));
  }

  async readCurves(runIds: readonly string[]): Promise<Map<string, CurvePoint[]>> {
    const curves = new Map<string, CurvePoint[]>(runIds.map((id) => [id, []]));
    if (runIds.length === 0) return curves;
    const chunks = await this.prisma.runCurveChunk.findMany({
      where: { runId: { in: [...new Set(runIds)] } },
      orderBy: [{ runId: "asc" }, { startEpoch: "asc" }],
      select: { runId: true, startEpoch: true, data: true },
    });
    for (const chunk of chunks) curves.get(chunk.runId)!.push(...decodeCurve(chunk.startEpoch, chunk.data));
    return curves;
  }

  async findRace(id: string): Promise<RaceInfo | null> {
    const row = await this.prisma.race.findUnique({
      where: { id },
      select: { id: true, classroomId: true, name: true, status: true, startsAt: true, endsAt: true, endedAt: true },
    });
    return row;
  }

  async sweep(scope: RunScope, limit: number): Promise<SweepRecord[]> {
    const rows = await this.prisma.run.findMany({
      where: scopeWhere(scope),
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        userId: true,
        cell: true,
        layers: true,
        hidden: true,
        optimizer: true,
        learningRate: true,
        batchSize: true,
        epochs: true,
        finalTrainLoss: true,
        finalValLoss: true,
        verifiedScore: true,
        startedAt: true,
        user: { select: { displayName: true } },
      },
    });
    return rows.map(({ user, ...row }) => ({ ...row, studentName: user.displayName }));
  }

  async classroomReport(classroomId: string): Promise<StudentStats[]> {
    const [members, all, race, attempts] = await Promise.all([
      this.prisma.membership.findMany({ where: { classroomId, role: "student" }, select: { userId: true, displayName: true } }),
      this.prisma.run.groupBy({
        by: ["userId"],
        where: { classroomId },
        _count: { _all: true },
        _min: { verifiedScore: true, finalValLoss: true, finalTrainLoss: true },
        _max: { startedAt: true },
      }),
      this.prisma.run.groupBy({ by: ["userId"], where: { classroomId, kind: "race" }, _count: { _all: true } }),
      this.prisma.submission.groupBy({ by: ["userId"], where: { race: { classroomId } }, _count: { _all: true } }),
    ]);
    const byUser = new Map(all.map((g) => [g.userId, g]));
    const raceByUser = new Map(race.map((g) => [g.userId, g._count._all]));
    const attemptsByUser = new Map(attempts.map((g) => [g.userId, g._count._all]));
    return members.map((member) => {
      const g = byUser.get(member.userId);
      return {
        userId: member.userId,
        displayName: member.displayName,
        runs: g?._count._all ?? 0,
        raceRuns: raceByUser.get(member.userId) ?? 0,
        attempts: attemptsByUser.get(member.userId) ?? 0,
        bestVerifiedScore: g?._min.verifiedScore ?? null,
        bestFinalLoss: g?._min.finalValLoss ?? g?._min.finalTrainLoss ?? null,
        lastRunAt: g?._max.startedAt ?? null,
      };
    });
  }

  async runningPlayground(startedBefore: Date, limit: number): Promise<RunningRunRecord[]> {
    const rows = await this.prisma.run.findMany({
      where: { status: "running", kind: "playground", startedAt: { lte: startedBefore } },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        startedAt: true,
        finalTrainLoss: true,
        finalValLoss: true,
        msPerEpoch: true,
        curveChunks: { orderBy: { startEpoch: "desc" }, take: 1, select: { startEpoch: true, data: true } },
      },
    });
    return rows.map(({ curveChunks, ...row }) => {
      const chunk = curveChunks[0];
      return { ...row, lastTMs: chunk ? (decodeCurve(chunk.startEpoch, chunk.data).at(-1)?.tMs ?? null) : null };
    });
  }

  async annotate(runId: string, change: { tags?: string[]; note?: string | null }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const exists = await tx.run.count({ where: { id: runId } });
      if (exists === 0) return false;
      if (change.note !== undefined) await tx.run.update({ where: { id: runId }, data: { note: change.note } });
      if (change.tags !== undefined) {
        await tx.runTag.deleteMany({ where: { runId } });
        if (change.tags.length) await tx.runTag.createMany({ data: [...new Set(change.tags)].map((tag) => ({ runId, tag })) });
      }
      return true;
    });
  }
}
