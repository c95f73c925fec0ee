/**
 * When the "Correct vs Predicted" rollout is drawn. Free of tfjs, so pages can plan the picture grid without
 * loading the engine.
 */
import type { TrainingConfig } from "./config";

type Schedule = Pick<TrainingConfig, "epochs" | "rolloutEvery">;

/** As the seed (after epochs 1, K+1, 2K+1, …: its `i % 100 == 0` with 0-based i) plus the last epoch. */
export function isRolloutEpoch(epoch: number, schedule: Schedule): boolean {
  return (epoch - 1) % schedule.rolloutEvery === 0 || epoch === schedule.epochs;
}

export function rolloutEpochs(schedule: Schedule): number[] {
  const epochs: number[] = [];
  for (let epoch = 1; epoch <= schedule.epochs; epoch += schedule.rolloutEvery) epochs.push(epoch);
  if (epochs.at(-1) !== schedule.epochs) epochs.push(schedule.epochs);
  return epochs;
}
