/**
 * What the history endpoints answer, as JSON (dates as ISO strings): the response half of their contract
 * (lib/api/endpoints.ts). The TypeScript views in lib/history are checked against these at compile time below.
 */
import { z } from "zod";
import type { HistoryPageView, RunDetailView } from "@/lib/history/views";
import { RUN_KINDS } from "@/lib/history/views";
import { HYPERPARAMETER_KEYS } from "@/lib/history/parallel";


const score = z.number().nullable();

export const ZHistoryRun = z.object({
  id: z.string(),
  userId: z.string(),
  classroomId: z.string().nullable(),
  raceId: z.string().nullable(),
  cell: z.string(),
  nonlinearity: z.string(),
  layers: z.number(),
  hidden: z.number(),
  optimizer: z.string(),
  learningRate: z.number(),
  batchSize: z.number(),
  epochs: z.number(),
  datasetPreset: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  lastEpoch: z.number(),
  finalTrainLoss: score,
  finalValLoss: score,
  msPerEpoch: score,
  backend: z.string().nullable(),
  device: z.string().nullable(),
  verifiedScore: score,
  note: z.string().nullable(),
  kind: z.enum(RUN_KINDS),
  studentName: z.string(),
  classroomName: z.string().nullable(),
  raceName: z.string().nullable(),
  tags: z.array(z.string()),
  rank: z.number().nullable(),
});

export const ZHistoryPage = z.object({
  runs: z.array(ZHistoryRun),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
});

export const ZCurvePoint = z.object({ epoch: z.number(), trainLoss: z.number(), valLoss: z.number().nullable(), msPerEpoch: z.number(), tMs: z.number() });
const ZRollout = z.object({ epoch: z.number(), mse: z.number(), predicted: z.array(z.number()) });

export const ZRunDetail = z.object({
  run: ZHistoryRun,
  config: z.unknown(),
  curve: z.array(ZCurvePoint),
  rollouts: z.array(ZRollout),
  hasWeights: z.boolean(),
  editable: z.boolean(),
});

export const ZAnnotatedRun = z.object({ run: ZHistoryRun });

const ZDiffRow = z.object({ path: z.string(), values: z.array(z.string()), differs: z.boolean() });

export const ZComparison = z.object({
  runs: z.array(ZHistoryRun),
  configs: z.array(z.unknown()),
  diff: z.array(ZDiffRow),
  curves: z.record(z.string(), z.array(ZCurvePoint)),
});

const ZScope = z.enum(["own", "classroom", "room", "taught"]);
const ZAxisKey = z.enum([...HYPERPARAMETER_KEYS, "score"]);

export const ZSweep = z.object({
  data: z.object({
    axes: z.array(
      z.union([
        z.object({ key: ZAxisKey, kind: z.literal("category"), domain: z.array(z.string()) }),
        z.object({ key: ZAxisKey, kind: z.enum(["linear", "log"]), domain: z.tuple([z.number(), z.number()]) }),
      ]),
    ),
    lines: z.array(
      z.object({ id: z.string(), label: z.string(), verified: z.boolean(), values: z.record(ZAxisKey, z.union([z.string(), z.number()])), score: z.number() }),
    ),
    omitted: z.number(),
  }),
  scope: ZScope,
  truncated: z.boolean(),
});

const ZPlace = z.object({ userId: z.string(), displayName: z.string(), runId: z.string(), score: z.number() });

export const ZReplay = z.object({
  race: z.object({ id: z.string(), name: z.string(), startsAt: z.string().nullable(), endedAt: z.string().nullable() }),
  scope: ZScope,
  runs: z.array(z.object({ runId: z.string(), label: z.string(), startedAt: z.string(), points: z.array(ZCurvePoint) })),
  leaders: z.array(ZPlace.extend({ at: z.string(), source: z.enum(["submission", "checkpoint"]) })),
  final: ZPlace.nullable(),
});

export const ZClassroomRaces = z.object({
  classroomName: z.string(),
  role: z.enum(["teacher", "student"]),
  races: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), startsAt: z.string().nullable() })),
});

export const ZClassroomReport = z.object({
  classroomId: z.string(),
  classroomName: z.string(),
  students: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      runs: z.number(),
      raceRuns: z.number(),
      attempts: z.number(),
      bestVerifiedScore: score,
      bestFinalLoss: score,
      lastRunAt: z.string().nullable(),
    }),
  ),
  distribution: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }),
});

export type TSweep = z.infer<typeof ZSweep>;
export type TComparison = z.infer<typeof ZComparison>;
export type TReplay = z.infer<typeof ZReplay>;
export type TClassroomReport = z.infer<typeof ZClassroomReport>;
export type TClassroomRaces = z.infer<typeof ZClassroomRaces>;

/** The views the pages already use must be what the schemas describe (a field added to one fails here). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const viewsMatch: [Same<HistoryPageView, z.infer<typeof ZHistoryPage>>, Same<RunDetailView, z.infer<typeof ZRunDetail>>] = [true, true];
void viewsMatch;
