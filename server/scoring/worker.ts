/**
 * A scoring worker thread: verifies uploads with lib/scoring on tfjs's cpu backend with the fastest fused
 * recurrent kernel this runtime has (the engine's own layer code, off the server's event loop). Each race's
 * scoring data is prepared once and kept for the race's later uploads: the public windows from the visible
 * series, and, for submissions only, the hidden windows from the secret seed. A checkpoint job carries no seed
 * and reads only the public cache, so scoring it never generates or touches the hidden continuation.
 */
import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { generateContinuation } from "@/lib/data/continuation";
import { generateSeries } from "@/lib/data/series";
import type { WeightFile } from "@/lib/ml/weights-format";
import { prepareHiddenData, preparePublicData, type HiddenScoringData, type PublicScoringData } from "@/lib/scoring/score";
import { verifyCheckpoint, verifySubmission } from "@/lib/scoring/verify";
import { SCORING_BACKEND, SCORING_IMPLEMENTATION as implementation } from "./layer";
import type { FromWorker, ScoringJob, SubmissionJob, ToWorker } from "./protocol";

/** Races whose data a worker keeps; a school's simultaneous races fit, and the oldest are dropped first. */
const CACHED_RACES = 16;

class Cache<T> {
  private readonly entries = new Map<string, T>();
  get(key: string, make: () => T): T {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = make();
      this.entries.set(key, value);
      if (this.entries.size > CACHED_RACES) this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }
}

const visibleSeries = new Cache<Float32Array>();
const publicData = new Cache<PublicScoringData>();
const hiddenData = new Cache<HiddenScoringData>();

function visibleOf({ rules }: ScoringJob): Float32Array {
  return visibleSeries.get(JSON.stringify(rules.dataset), () => generateSeries(rules.dataset));
}

function publicDataFor(job: ScoringJob): PublicScoringData {
  const { rules } = job;
  const key = JSON.stringify([rules.dataset, rules.window, rules.validationFraction]);
  return publicData.get(key, () => preparePublicData(visibleOf(job), rules.window, rules.validationFraction));
}

function hiddenDataFor(job: SubmissionJob): HiddenScoringData {
  const { rules } = job;
  const key = JSON.stringify([job.raceId, job.hiddenSeed, rules.dataset, rules.hiddenLength, rules.window]);
  return hiddenData.get(key, () => {
    const hidden = generateContinuation({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: job.hiddenSeed });
    return prepareHiddenData(visibleOf(job), hidden, rules.window);
  });
}

/** The parameters' bytes by name: two files with the same weights hash equal, whatever else their headers say. */
function fingerprint(file: WeightFile): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(file.params).sort()) {
    const values = file.params[name]!;
    hash.update(name).update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest("hex");
}

function run(job: ScoringJob) {
  const input = { weights: job.weights, runConfig: job.runConfig, rules: job.rules, layer: implementation.layer, fingerprint };
  if (job.kind === "checkpoint") return verifyCheckpoint({ ...input, data: publicDataFor(job) });
  return verifySubmission({ ...input, data: { public: publicDataFor(job), hidden: hiddenDataFor(job) } });
}

const port = parentPort;
if (!port) throw new Error("server/scoring/worker.ts runs as a worker thread");
// Production mode skips tfjs's debug checks and its advice to install tfjs-node (which cannot be installed here).
tf.enableProdMode();
await tf.setBackend(SCORING_BACKEND);
port.on("message", ({ id, job }: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = { id, ok: true, result: run(job) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: implementation.name });
