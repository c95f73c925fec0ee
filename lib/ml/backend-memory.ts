/**
 * Which backend this device trains fastest with, remembered between Train presses so a run starts at once instead
 * of timing every backend first (3–5 s on a school laptop). Kept per device (the browser's user agent, so a browser
 * update measures again) and engine version, and per model shape, since the fastest backend depends on the model's
 * size; a shape never measured borrows the device's latest measurement, and the page measures it properly in the
 * background while nothing trains. Pure: the page stores the memory (localStorage) and passes the time in.
 */
import { z } from "zod";
import type { TrainingConfig } from "./config";
import { BackendNameSchema, TRAINING_PROTOCOL_VERSION } from "./worker-protocol";

/** Bump when the kernels or tfjs change: every device measures again. */
export const ENGINE_VERSION = 1;
/** A measurement older than this is taken again in the background (machines change: power plans, other tabs). */
export const REMEASURE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Shapes remembered at most; the least recently measured goes first. */
export const MAX_SHAPES = 20;

const ChoiceSchema = z.strictObject({
  backend: BackendNameSchema,
  implementation: z.string().min(1).max(50),
  measuredAt: z.number().finite(),
});
export type RememberedChoice = z.infer<typeof ChoiceSchema>;

const MemorySchema = z.strictObject({
  device: z.string().max(1000),
  choices: z.record(z.string().max(200), ChoiceSchema),
});
export type BackendMemory = z.infer<typeof MemorySchema>;

/** The device key: the browser (its user agent) and the engine it runs. */
export function deviceKey(userAgent: string): string {
  return `${userAgent}|engine ${ENGINE_VERSION}|protocol ${TRAINING_PROTOCOL_VERSION}`;
}

/** What the timing depends on: the model and how much it computes per step. */
export function shapeKey(config: TrainingConfig): string {
  const { cell, nonlinearity, layers, hidden } = config.model;
  return `${cell}/${nonlinearity}/${layers}x${hidden}/window ${config.window}/batch ${config.batchSize}`;
}

export function parseMemory(raw: string | null): BackendMemory | null {
  if (!raw) return null;
  try {
    const parsed = MemorySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The remembered choice for this config on this device: its own shape's, else the latest of any shape. */
export function recall(memory: BackendMemory | null, device: string, config: TrainingConfig): { choice: RememberedChoice; exact: boolean } | null {
  if (!memory || memory.device !== device) return null;
  const own = memory.choices[shapeKey(config)];
  if (own) return { choice: own, exact: true };
  const latest = Object.values(memory.choices).sort((a, b) => b.measuredAt - a.measuredAt)[0];
  return latest ? { choice: latest, exact: false } : null;
}

/** Whether this config's shape should be timed (in the background): never measured here, or long ago. */
export function needsMeasuring(memory: BackendMemory | null, device: string, config: TrainingConfig, now: number): boolean {
  const recalled = recall(memory, device, config);
  return !recalled?.exact || now - recalled.choice.measuredAt >= REMEASURE_AFTER_MS;
}

/** The memory with a fresh measurement for this config's shape (another device's memory is replaced). */
export function remember(memory: BackendMemory | null, device: string, config: TrainingConfig, choice: RememberedChoice): BackendMemory {
  const choices = memory?.device === device ? { ...memory.choices } : {};
  choices[shapeKey(config)] = choice;
  const kept = Object.entries(choices)
    .sort(([, a], [, b]) => b.measuredAt - a.measuredAt)
    .slice(0, MAX_SHAPES);
  return { device, choices: Object.fromEntries(kept) };
}
