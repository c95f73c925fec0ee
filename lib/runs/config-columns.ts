/**
 * A training configuration flattened to the few fields people compare runs by. The race room shows the summary
 * (hover, podium); the run table copies the columns next to the full JSON so history can filter and sort on
 * indexed columns instead of parsing JSON.
 */
import { isUploadedDataset, type TrainingConfig } from "@/lib/ml/config";

/** The series column of an uploaded dataset's runs (history searches datasets by name through `datasetId`). */
export const UPLOADED_SERIES = "upload";

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
  const { dataset } = config;
  return {
    ...configSummary(config),
    epochs: config.epochs,
    datasetPreset: isUploadedDataset(dataset) ? UPLOADED_SERIES : dataset.preset,
    datasetId: isUploadedDataset(dataset) ? dataset.datasetId : null,
  };
}
