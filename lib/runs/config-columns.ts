/**
 * A training configuration flattened to the few fields people compare runs by. The race room shows the summary
 * (hover, podium); the run table copies the columns next to the full JSON so history can filter and sort on
 * indexed columns instead of parsing JSON.
 */
import type { TrainingConfig } from "@/lib/ml/config";

export function configSummary(config: TrainingConfig) {
  return {
    cell: config.model.cell,
    nonlinearity: config.model.nonlinearity,
    layers: config.model.layers,
    hidden: config.model.hidden,
    optimizer: config.optimizer.kind,
    learningRate: config.optimizer.learningRate,
    batchSize: config.batchSize,
  };
}

export function configColumns(config: TrainingConfig) {
  return { ...configSummary(config), epochs: config.epochs, datasetPreset: config.dataset.preset };
}
