/**
 * A scoring worker thread: verifies uploads with lib/scoring on tfjs's cpu backend with the fastest fused
 * recurrent kernel this runtime has (the engine's own layer code, off the server's event loop). Each race's
 * scoring data (visible windows, hidden continuation) is prepared once and kept for the race's later uploads.
 */
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { generateRaceSeries } from "@/lib/data/continuation";
import { prepareScoringData, type ScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import { SCORING_BACKEND, SCORING_IMPLEMENTATION as implementation } from "./layer";
import type { FromWorker, ScoringJob, ToWorker } from "./protocol";

/** Races whose data a worker keeps; a school's simultaneous races fit, and the oldest are dropped first. */
const CACHED_RACES = 16;

const cache = new Map<string, ScoringData>();

function dataFor(job: ScoringJob): ScoringData {
  const { rules } = job;
  const key = JSON.stringify([job.raceId, job.hiddenSeed, rules.dataset, rules.hiddenLength, rules.window, rules.validationFraction]);
  let data = cache.get(key);
  if (!data) {
    const series = generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: job.hiddenSeed });
    data = prepareScoringData(series, rules.window, rules.validationFraction);
    cache.set(key, data);
    if (cache.size > CACHED_RACES) cache.delete(cache.keys().next().value as string);
  }
  return data;
}

const port = parentPort;
if (!port) throw new Error("server/scoring/worker.ts runs as a worker thread");
// Production mode skips tfjs's debug checks and its advice to install tfjs-node (which cannot be installed here).
tf.enableProdMode();
await tf.setBackend(SCORING_BACKEND);
port.on("message", ({ id, job }: ToWorker) => {
  let reply: FromWorker;
  try {
    const result = verifySubmission({ weights: job.weights, runConfig: job.runConfig, rules: job.rules, data: dataFor(job), layer: implementation.layer });
    reply = { id, ok: true, result };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: implementation.name });
