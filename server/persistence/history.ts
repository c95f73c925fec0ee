/**
 * The history read side: runs listed, filtered, sorted and paged; runs fetched for a page or a comparison;
 * classroom aggregates and the teacher's report; and the two things a student edits on their own runs (tags and
 * a note). Authorization is decided by the service (server/services/history.ts) and arrives here as a RunScope
 * that becomes part of every query's `where`, so no query can forget it.
 */
import type { HyperparameterKey } from "@/lib/history/parallel";
import type { HistoryQuery } from "@/lib/history/query";
import type { StudentStats } from "@/lib/history/report";
import type { RunSummary } from "@/lib/history/views";
import type { CurvePoint } from "@/lib/runs/curve";

/**
 * Which runs a caller may see: their own (optionally within one classroom/race); a whole classroom's (its
 * teacher, or any member for one race's runs); or, in a classroom's shared views, the room's (a student: their
 * own runs of the classroom plus every race run of it, since races were shown live to the whole room); or a
 * teacher's history across classrooms (their own runs plus those of the classrooms they teach).
 */
export type RunScope =
  | { kind: "own"; userId: string; classroomId?: string; raceId?: string }
  | { kind: "classroom"; classroomId: string; raceId?: string }
  | { kind: "room"; classroomId: string; userId: string }
  /** A teacher's whole history: their own runs and every run of the classrooms they teach. */
  | { kind: "taught"; userId: string; classroomIds: string[] };

/** A run as history lists it (lib/history/views RunSummary, with dates). */
export type HistoryRunRecord = RunSummary<Date>;

export interface RaceInfo {
  id: string;
  classroomId: string;
  name: string;
  status: string;
  startsAt: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
}

/** The columns the parallel-coordinates chart needs (no curves). */
export type SweepRecord = Pick<HistoryRunRecord, HyperparameterKey | "id" | "userId" | "studentName" | "finalTrainLoss" | "finalValLoss" | "verifiedScore" | "startedAt">;

/** A running Playground run with what stopping it needs: its last stored epoch's time and losses. */
export interface RunningRunRecord {
  id: string;
  startedAt: Date;
  /** `tMs` of the last stored epoch; null before the first one. */
  lastTMs: number | null;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number | null;
}

export interface HistoryRepository {
  list(scope: RunScope, query: HistoryQuery): Promise<{ runs: HistoryRunRecord[]; total: number }>;
  /** Runs by id (any order; unknown ids are absent), with their stored configuration JSON. */
  findMany(ids: readonly string[]): Promise<(HistoryRunRecord & { configJson: string; hasWeights: boolean })[]>;
  /** Several runs' curves in one query (comparisons, replays); runs without a curve map to []. */
  readCurves(runIds: readonly string[]): Promise<Map<string, CurvePoint[]>>;
  findRace(id: string): Promise<RaceInfo | null>;
  /** Runs of a scope for the sweep chart and replay, oldest first, at most `limit`. */
  sweep(scope: RunScope, limit: number): Promise<SweepRecord[]>;
  /** Per student of the classroom (members with the student role, even without runs). */
  classroomReport(classroomId: string): Promise<StudentStats[]>;
  /** Running Playground runs started at or before `startedBefore` (the only ones that can be stale), oldest first. */
  runningPlayground(startedBefore: Date, limit: number): Promise<RunningRunRecord[]>;
  /** Replaces the run's tags and/or note; false when the run does not exist. */
  annotate(runId: string, change: { tags?: string[]; note?: string | null }): Promise<boolean>;
}
