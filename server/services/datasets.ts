/**
 * Data library use cases: upload, list, read, delete. A classroom's library is its teachers' (its students never
 * read it: they train on a race's visible part, server/services/dataset-access.ts); a private dataset is its
 * owner's alone; the built-in examples are in every classroom's library, so any teacher reads them. A dataset the
 * caller may not read answers exactly like one that does not exist. Uploads are read with the same code as the
 * page's preview (lib/data/upload), and nothing is stored unless every check passes.
 */
import { randomUUID } from "node:crypto";
import { DATASET_LIMITS, type TDatasetView, type TDatasetWithValues, type TUploadDatasetRequest } from "@/lib/api/datasets";
import { DATASET_NAME_MAX_LENGTH, parseDatasetName } from "@/lib/auth/names";
import { EXAMPLE_DATASETS, exampleDataset, type ExampleDataset } from "@/lib/data/examples/index";
import { DegenerateScalingError, scalingParams } from "@/lib/data/scaling";
import { readSeriesUpload } from "@/lib/data/upload";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { DatasetRecord, DatasetSummaryRecord, UserRecord } from "../persistence/records";
import { reserveAll } from "../security/rate-limit";
import { authorize } from "./classrooms";

export const datasetNotFound = () => new AppError("not_found", { reason: "dataset" });

function summaryView(dataset: DatasetSummaryRecord): TDatasetView {
  return {
    id: dataset.id,
    name: dataset.name,
    example: null,
    classroomId: dataset.classroomId,
    length: dataset.length,
    scaling: dataset.scaling,
    valueColumn: dataset.valueColumn,
    timeColumn: dataset.timeColumn,
    fileName: dataset.fileName,
    createdAt: dataset.createdAt.toISOString(),
    // Only callers who may manage a dataset ever receive its view.
    deletable: true,
  };
}

function exampleView(example: ExampleDataset, classroomId: string | null): TDatasetView {
  return {
    id: example.id,
    name: example.example,
    example: example.example,
    classroomId,
    length: example.values.length,
    scaling: example.scaling,
    valueColumn: example.valueColumn,
    timeColumn: example.timeColumn,
    fileName: null,
    createdAt: null,
    deletable: false,
  };
}

/** A stored dataset the caller may read (and manage): their own private one, or one of a classroom they teach. */
export async function manageableDataset(ctx: AppContext, user: UserRecord, id: string): Promise<DatasetRecord> {
  const dataset = await ctx.repos.datasets.findById(id);
  if (!dataset) throw datasetNotFound();
  if (dataset.classroomId === null ? dataset.ownerId !== user.id : (await ctx.repos.memberships.find(dataset.classroomId, user.id))?.role !== "teacher") {
    throw datasetNotFound();
  }
  return dataset;
}

/** The values and times of a dataset the caller may read in full (a built-in example: any teacher). */
export async function readableSeries(ctx: AppContext, user: UserRecord, id: string): Promise<TDatasetWithValues> {
  const example = exampleDataset(id);
  if (example) {
    if (user.kind !== "teacher") throw datasetNotFound();
    return { ...exampleView(example, null), values: [...example.values], times: [...example.times] };
  }
  const dataset = await manageableDataset(ctx, user, id);
  return { ...summaryView({ ...dataset, length: dataset.values.length }), values: Array.from(dataset.values), times: dataset.times };
}

export async function listClassroomLibrary(ctx: AppContext, user: UserRecord, classroomId: string): Promise<TDatasetView[]> {
  await authorize(ctx, classroomId, user.id, "manage");
  const stored = await ctx.repos.datasets.listForClassroom(classroomId);
  return [...stored.map(summaryView), ...EXAMPLE_DATASETS.map((example) => exampleView(example, classroomId))];
}

export async function listPrivateDatasets(ctx: AppContext, user: UserRecord): Promise<TDatasetView[]> {
  return (await ctx.repos.datasets.listPrivate(user.id)).map(summaryView);
}

/** Stores an upload in a classroom's library (its teachers only) or, with `classroomId` null, as the caller's own. */
export async function uploadDataset(ctx: AppContext, user: UserRecord, classroomId: string | null, body: TUploadDatasetRequest): Promise<TDatasetView> {
  // Taken before the file is read, and kept whatever the outcome: a refused upload cost the reading too.
  await reserveAll(ctx.rateLimiter, [[ctx.rateRules.datasetUploadPerUser, user.id]]);
  if (classroomId !== null) await authorize(ctx, classroomId, user.id, "manage");
  const name = parseDatasetName(body.name);
  if (!name.ok) throw new AppError("invalid_name", { reason: name.problem, field: "name", values: { max: DATASET_NAME_MAX_LENGTH } });
  const read = readSeriesUpload(body.text, { valueColumn: body.valueColumn, timeColumn: body.timeColumn });
  if (!read.ok) {
    // The page shows every problem before uploading; the answer names the first (its row and reason).
    const [first] = read.problems;
    throw new AppError("invalid_dataset", { reason: first!.problem, values: { ...first!.values, ...(first!.row === undefined ? {} : { row: first!.row }) } });
  }
  const { series } = read;
  try {
    scalingParams(body.scaling, series.values);
  } catch (error) {
    if (error instanceof DegenerateScalingError) throw new AppError("invalid_dataset", { reason: "constant_series", values: { scaling: body.scaling } });
    throw error;
  }
  const header = (index: number | null) => (index === null ? null : (series.columns[index]?.header ?? null));
  const record: DatasetRecord = {
    id: randomUUID(),
    ownerId: user.id,
    classroomId,
    name: name.value,
    values: Float64Array.from(series.values),
    times: series.times,
    valueColumn: header(series.valueColumn),
    timeColumn: header(series.timeColumn),
    scaling: body.scaling,
    fileName: body.fileName ?? null,
    createdAt: new Date(ctx.clock.now()),
  };
  const limit = classroomId === null ? DATASET_LIMITS.private : DATASET_LIMITS.perClassroom;
  if ((await ctx.repos.datasets.create(record, limit)) === "limit_reached") {
    throw new AppError("dataset_limit", { reason: classroomId === null ? "private" : "classroom", values: { max: limit } });
  }
  ctx.logger.info("dataset stored", { datasetId: record.id, classroomId, userId: user.id, length: record.values.length });
  return summaryView({ ...record, length: record.values.length });
}

/** Deletes a dataset the caller manages, unless a run or a race uses it (their numbers must stay reproducible). */
export async function deleteDataset(ctx: AppContext, user: UserRecord, id: string): Promise<void> {
  if (exampleDataset(id)) {
    if (user.kind !== "teacher") throw datasetNotFound();
    throw new AppError("bad_request", { reason: "example_read_only" });
  }
  await manageableDataset(ctx, user, id);
  const outcome = await ctx.repos.datasets.delete(id);
  if (outcome === "missing") throw datasetNotFound();
  if (outcome === "in_use") throw new AppError("dataset_in_use");
  ctx.services.storedSeries.forget(id);
}
