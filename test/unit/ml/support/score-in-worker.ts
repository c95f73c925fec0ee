/**
 * Runs in a Node worker thread, as the server's scoring pool will: decode a weight file and evaluate it with
 * lib/ml alone (no trainer, no DOM), then post the scores back.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { makeWindows } from "@/lib/data/windows";
import { oneStepMse, rolloutMse } from "@/lib/ml/evaluate";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { modelFromWeights } from "@/lib/ml/weights-format";

const { weights, series } = workerData as { weights: Uint8Array; series: number[] };
await tf.setBackend("cpu");
const { model, config } = modelFromWeights(weights, OPS_IMPLEMENTATION.layer);
const w = config.window;
const result = {
  oneStep: oneStepMse(model, makeWindows(series, w)),
  rollout: rolloutMse(model, series.slice(0, w), series.slice(w), w).mse,
};
model.dispose();
parentPort?.postMessage(result);
