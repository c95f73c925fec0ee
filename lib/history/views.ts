/**
 * What the history API returns and the pages render: plain JSON (dates as ISO strings), shared by server and
 * client so both sides agree on the shape.
 */
/** "imported": trained in PyTorch and uploaded to the Playground (never in a race). */
export type RunKind = "playground" | "race" | "imported";
export const RUN_KINDS = ["playground", "race", "imported"] as const satisfies readonly RunKind[];

/**
 * A run's own columns that history shows, sorts and filters on: the one list of them. Dates vary with the side:
 * `Date` in the server's records, ISO strings in JSON (HistoryRunView).
 */
export interface RunColumns<TDate> {
  id: string;
  userId: string;
  classroomId: string | null;
  raceId: string | null;
  cell: string;
  nonlinearity: string;
  layers: number;
  hidden: number;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  epochs: number;
  datasetPreset: string;
  status: string;
  startedAt: TDate;
  finishedAt: TDate | null;
  lastEpoch: number;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number | null;
  backend: string | null;
  device: string | null;
  /** The published score: the race's public one-step score until the teacher reveals, the hidden score after. */
  verifiedScore: number | null;
  note: string | null;
}

/** The columns plus what is joined from other tables (names, tags) and the run's kind. */
export interface RunSummary<TDate> extends RunColumns<TDate> {
  kind: RunKind;
  studentName: string;
  classroomName: string | null;
  raceName: string | null;
  tags: string[];
}

/** RunColumns' keys: what a query selects from the run table for a summary (and nothing wider). */
export const RUN_COLUMN_KEYS = [
  "id",
  "userId",
  "classroomId",
  "raceId",
  "cell",
  "nonlinearity",
  "layers",
  "hidden",
  "optimizer",
  "learningRate",
  "batchSize",
  "epochs",
  "datasetPreset",
  "status",
  "startedAt",
  "finishedAt",
  "lastEpoch",
  "finalTrainLoss",
  "finalValLoss",
  "msPerEpoch",
  "backend",
  "device",
  "verifiedScore",
  "note",
] as const satisfies readonly (keyof RunColumns<unknown>)[];

const RUN_SUMMARY_KEYS = [...RUN_COLUMN_KEYS, "kind", "studentName", "classroomName", "raceName", "tags"] as const satisfies readonly (keyof RunSummary<unknown>)[];

/** Fails to compile when RunSummary (or RunColumns) gains a field the key lists do not name. */
type MissingKeys = Exclude<keyof RunSummary<unknown>, (typeof RUN_SUMMARY_KEYS)[number]>;
const everyKeyListed: [MissingKeys] extends [never] ? true : MissingKeys = true;
void everyKeyListed;

/** Exactly the summary's fields of a wider object (a record with its config, a row with joins), nothing else. */
export function pickSummary<TDate>(run: RunSummary<TDate>): RunSummary<TDate> {
  return Object.fromEntries(RUN_SUMMARY_KEYS.map((key) => [key, run[key]])) as unknown as RunSummary<TDate>;
}

export interface HistoryRunView extends RunSummary<string> {
  /** Rank within its race by the published (verified) score, ties share; null outside races or before scoring. */
  rank: number | null;
}

export interface HistoryPageView {
  runs: HistoryRunView[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export interface CurvePointView {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  msPerEpoch: number;
  tMs: number;
}

export interface RolloutView {
  epoch: number;
  mse: number;
  predicted: number[];
}

/** A run page: the summary, its full configuration, curve and rollouts. */
export interface RunDetailView {
  run: HistoryRunView;
  config: unknown;
  curve: CurvePointView[];
  rollouts: RolloutView[];
  hasWeights: boolean;
  /** The caller may tag and annotate (owners only; a teacher reads). */
  editable: boolean;
}

/** Where a run was trained, as one short label for the table's "where" column (an import says it came from PyTorch). */
export function whereLabel(run: Pick<HistoryRunView, "kind" | "classroomName" | "raceName">, playgroundLabel: string, importedLabel = playgroundLabel): string {
  if (run.kind === "race") return [run.classroomName, run.raceName].filter(Boolean).join(" · ");
  if (run.kind === "imported") return [importedLabel, run.classroomName].filter(Boolean).join(" · ");
  return run.classroomName ?? playgroundLabel;
}

/** The history CSV's columns, in order; their headers are the reader's (lib/i18n history.csv.history). */
export const HISTORY_CSV_COLUMNS = [
  "id",
  "started",
  "kind",
  "classroom",
  "race",
  "student",
  "cell",
  "layers",
  "hidden",
  "optimizer",
  "learningRate",
  "batch",
  "epochs",
  "finalTrainLoss",
  "finalValLoss",
  "verifiedScore",
  "rank",
  "msPerEpoch",
  "backend",
  "tags",
  "note",
] as const;

export function historyCsvRows(runs: readonly HistoryRunView[]): (string | number | null)[][] {
  return runs.map((r) => [
    r.id,
    r.startedAt,
    r.kind,
    r.classroomName,
    r.raceName,
    r.studentName,
    r.cell,
    r.layers,
    r.hidden,
    r.optimizer,
    r.learningRate,
    r.batchSize,
    r.epochs,
    r.finalTrainLoss,
    r.finalValLoss,
    r.verifiedScore,
    r.rank,
    r.msPerEpoch,
    r.backend,
    r.tags.join(" "),
    r.note,
  ]);
}

/** The curve CSV's columns; headers from lib/i18n history.csv.curve. */
export const CURVE_CSV_COLUMNS = ["epoch", "trainLoss", "valLoss", "msPerEpoch", "tMs"] as const;

export function curveCsvRows(points: readonly CurvePointView[]): (number | null)[][] {
  return points.map((p) => [p.epoch, p.trainLoss, p.valLoss, p.msPerEpoch, p.tMs]);
}
