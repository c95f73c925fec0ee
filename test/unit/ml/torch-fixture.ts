/**
 * Loading and comparing PyTorch reference fixtures. The format is checked with zod so a malformed fixture fails
 * with the path of the bad field instead of a confusing mismatch.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { ModelConfig } from "@/lib/ml/config";

const ParamSchema = z.object({ shape: z.array(z.number().int()), values: z.array(z.number()) });
const CaseSchema = z.object({
  cell: z.enum(["RNN", "LSTM", "GRU"]),
  hidden: z.number().int().positive(),
  layers: z.number().int().positive(),
  nonlinearity: z.enum(["tanh", "relu"]).nullable(),
  initial_params: z.record(z.string(), ParamSchema),
});

export const SeedFixtureSchema = z.object({
  series: z.array(z.number()),
  window: z.number().int().positive(),
  batch_size: z.number().int().positive(),
  learning_rate: z.number().positive(),
  batches: z.array(z.array(z.number().int().nonnegative())),
  cases: z.array(
    CaseSchema.extend({
      predictions_at_init_first4: z.array(z.number()),
      first_batch_loss_at_init: z.number(),
      first_batch_grads_at_init: z.record(z.string(), z.array(z.number())),
      loss_per_step: z.array(z.number()),
      final_params: z.record(z.string(), z.array(z.number())),
      mse_all_windows_after_training: z.number(),
      rollout_after_training: z.array(z.number()),
    }),
  ),
});
export type SeedFixture = z.infer<typeof SeedFixtureSchema>;

export const OptimizerFixtureSchema = z.object({
  window: z.number().int().positive(),
  batches: z.array(z.array(z.number().int().nonnegative())),
  cases: z.array(
    CaseSchema.extend({
      optimizer: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("momentum"), learningRate: z.number(), momentum: z.number() }),
        z.object({ kind: z.literal("adam"), learningRate: z.number(), beta1: z.number(), beta2: z.number(), epsilon: z.number() }),
      ]),
      loss_per_step: z.array(z.number()),
      final_params: z.record(z.string(), z.array(z.number())),
    }),
  ),
});

export function loadFixture<T>(path: string | URL, schema: z.ZodType<T>): T {
  const result = schema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!result.success) throw new Error(`${String(path)} is not a valid fixture: ${z.prettifyError(result.error)}`);
  return result.data;
}

export function modelConfigOf(c: z.infer<typeof CaseSchema>): ModelConfig {
  // PyTorch's LSTM and GRU have no nonlinearity setting; ours ignores it for them.
  return { cell: c.cell, nonlinearity: c.nonlinearity ?? "tanh", layers: c.layers, hidden: c.hidden };
}

export function initialValues(c: z.infer<typeof CaseSchema>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(c.initial_params).map(([name, p]) => [name, p.values]));
}

export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ expected ${expected.length}`);
  let max = 0;
  for (let i = 0; i < actual.length; i++) max = Math.max(max, Math.abs((actual[i] as number) - (expected[i] as number)));
  return max;
}

/** ‖actual − expected‖∞ / ‖expected‖∞. */
export function relativeMaxNormError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let norm = 0;
  for (let i = 0; i < expected.length; i++) norm = Math.max(norm, Math.abs(expected[i] as number));
  const diff = maxAbsDiff(actual, expected);
  return norm === 0 ? diff : diff / norm;
}

export async function useBackend(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
}
