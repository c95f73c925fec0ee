/**
 * Who may train on which uploaded numbers, checked wherever a configuration naming a library dataset enters the
 * server, and the visible parts handed out:
 * - outside a race (Playground runs, PyTorch imports), only data the caller may read in full: their own private
 *   datasets, and for teachers their classrooms' libraries and the built-in examples;
 * - a race names a dataset of its classroom's library (or an example) and splits it: students get the visible part
 *   (`raceVisibleSeries`) and train on it; the last `hiddenLength` values never leave the server;
 * - a run's page gets the part that run trained on (`runSeries`), which its config was checked against when the
 *   run started.
 */
import type { TVisibleSeries } from "@/lib/api/datasets";
import { exampleDataset } from "@/lib/data/examples/index";
import { DegenerateScalingError } from "@/lib/data/scaling";
import { uploadedScaling } from "@/lib/data/source";
import { isUploadedDataset, TrainingConfigSchema, type DatasetConfig, type UploadedDatasetConfig } from "@/lib/ml/config";
import type { RaceRules } from "@/lib/race/rules";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { UserRecord } from "../persistence/records";
import { datasetNotFound, readableSeries } from "./datasets";
import { visibleRuns } from "./history";

/** The configuration's first `length` values exist and can be scaled as it says. */
function checkPart(dataset: UploadedDatasetConfig, stored: ArrayLike<number>): void {
  if (dataset.length > stored.length) {
    throw new AppError("bad_request", { reason: "dataset_too_short", field: "config", values: { length: dataset.length, stored: stored.length } });
  }
  try {
    uploadedScaling(dataset, stored);
  } catch (error) {
    if (error instanceof DegenerateScalingError) throw new AppError("invalid_dataset", { reason: "constant_series", values: { scaling: dataset.scaling } });
    throw error;
  }
}

/** Outside a race: the caller may read the whole dataset the config names (nothing to check for a preset). */
export async function checkTrainingData(ctx: AppContext, user: UserRecord, dataset: DatasetConfig): Promise<void> {
  if (!isUploadedDataset(dataset)) return;
  const { values } = await readableSeries(ctx, user, dataset.datasetId);
  checkPart(dataset, values);
}

/**
 * A new race's data: a dataset of the classroom's library (or an example) whose stored length is exactly the
 * visible part plus the held-back part, and whose visible part can be scaled. The caller has checked the teacher.
 */
export async function checkRaceData(ctx: AppContext, classroomId: string, rules: RaceRules): Promise<void> {
  const { dataset } = rules;
  if (!isUploadedDataset(dataset)) return;
  let length: number;
  const example = exampleDataset(dataset.datasetId);
  if (example) length = example.values.length;
  else {
    const stored = await ctx.repos.datasets.findById(dataset.datasetId);
    if (!stored || stored.classroomId !== classroomId) throw datasetNotFound();
    length = stored.values.length;
  }
  if (dataset.length + rules.hiddenLength !== length) {
    throw new AppError("bad_request", { reason: "dataset_split", field: "rules", values: { length, visible: dataset.length, hidden: rules.hiddenLength } });
  }
  const entry = await ctx.services.storedSeries.get(dataset.datasetId);
  if (!entry) throw datasetNotFound();
  checkPart(dataset, entry.values);
}

/** The first `dataset.length` values of a stored dataset (never more: in a race, the rest is the hidden part). */
async function visiblePart(ctx: AppContext, dataset: UploadedDatasetConfig): Promise<TVisibleSeries> {
  const entry = await ctx.services.storedSeries.get(dataset.datasetId);
  if (!entry || entry.values.length < dataset.length) throw datasetNotFound();
  return {
    datasetId: dataset.datasetId,
    name: entry.name,
    example: entry.example,
    scaling: dataset.scaling,
    values: Array.from(entry.values.subarray(0, dataset.length)),
    times: entry.times === null ? null : entry.times.slice(0, dataset.length),
  };
}

/** A race's visible data, for the members of its classroom (a race on a preset has none to fetch). */
export async function raceVisibleSeries(ctx: AppContext, user: UserRecord, raceId: string): Promise<TVisibleSeries> {
  const race = await ctx.repos.races.findById(raceId);
  // Outsiders learn nothing about whether the race exists.
  if (!race || !(await ctx.repos.memberships.find(race.classroomId, user.id))) throw new AppError("forbidden", { reason: "not_member" });
  if (!isUploadedDataset(race.rules.dataset)) throw datasetNotFound();
  return visiblePart(ctx, race.rules.dataset);
}

/** The uploaded values a run trained on, for whoever may see the run (its owner, its classroom's teacher). */
export async function runSeries(ctx: AppContext, user: UserRecord, runId: string): Promise<TVisibleSeries> {
  const [run] = await visibleRuns(ctx, user, [runId]);
  const config = TrainingConfigSchema.parse(JSON.parse(run!.configJson));
  if (!isUploadedDataset(config.dataset)) throw datasetNotFound();
  return visiblePart(ctx, config.dataset);
}
