/**
 * What the training CLI prints (npm run train -- --lang en|ja), in the reader's language: the progress bar, the
 * summary and the problems of a --data file. Numbers keep the CLI's fixed precisions, so runs compare line by line.
 */
import type { UploadProblem } from "../data/upload";
import type { ModelConfig } from "../ml/config";
import { format } from "./format";
import type { Messages } from "./index";

const BAR_WIDTH = 30;

export function progressLine(m: Messages, epoch: number, total: number, loss: number, ms: number): string {
  const filled = Math.round((epoch / total) * BAR_WIDTH);
  return format(m.cli.progress, { bar: `${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}`, epoch, total, loss: loss.toPrecision(4), ms: ms.toFixed(1) });
}

export function architectureText(m: Messages, model: ModelConfig): string {
  const cell = model.cell === "RNN" ? `RNN (${model.nonlinearity})` : model.cell;
  return format(m.cli.architecture, { layers: model.layers, cell, hidden: model.hidden });
}

export interface TrainingSummary {
  model: ModelConfig;
  epochs: number;
  /** The preset's name, or the --data file with its scaling. */
  data: { preset: string } | { path: string; scaling: string };
  length: number;
  window: number;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  backend: string;
  implementation: string;
  calibration: { backend: string; implementation: string; msPerStep: number | null; error?: string | null }[];
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  rolloutMse: number | null;
  msPerEpoch: number | null;
  /** How a prediction maps back to the file's units (uploaded data only). */
  scaling?: { kind: string; back: string };
  weightsFile?: string;
  pytorch?: { dir: string; script: string };
}

export function summaryLines(m: Messages, s: TrainingSummary): string[] {
  const t = m.cli;
  const data = "preset" in s.data ? s.data.preset : format(t.uploadedData, { path: s.data.path, scaling: s.data.scaling });
  const timing = s.calibration
    .map((e) => `${e.backend}/${e.implementation} ${e.msPerStep === null ? format(t.unavailable, { error: e.error ?? "" }) : format(t.msPerStep, { ms: e.msPerStep.toFixed(2) })}`)
    .join(", ");
  const lines = [
    format(t.trained, { architecture: architectureText(m, s.model), epochs: s.epochs, data, length: s.length, window: s.window, optimizer: s.optimizer, lr: s.learningRate, batch: s.batchSize }),
    format(t.backend, { backend: s.backend, implementation: s.implementation, timing }),
    format(t.finalLoss, { train: String(s.finalTrainLoss?.toPrecision(5)) }) + (s.finalValLoss === null ? "" : format(t.validationLoss, { validation: s.finalValLoss.toPrecision(5) })),
    format(t.rollout, { mse: String(s.rolloutMse?.toPrecision(5)) }),
    format(t.speed, { ms: String(s.msPerEpoch?.toFixed(1)) }),
  ];
  if (s.scaling) lines.push(format(t.scaling, s.scaling));
  if (s.weightsFile) lines.push(format(t.weights, { file: s.weightsFile }));
  if (s.pytorch) lines.push(format(t.pytorch, s.pytorch));
  return lines;
}

/** A --data file's problems, one line each, as the upload form words them. */
export function dataProblemText(m: Messages, path: string, problems: readonly UploadProblem[]): string {
  const reasons = m.errorReasons as Record<string, string>;
  const lines = problems.map((problem) => {
    const values = problem.row === undefined ? problem.values : { ...problem.values, row: problem.row };
    return format(reasons[`invalid_dataset.${problem.problem}`] ?? problem.problem, values ?? {});
  });
  return `${format(m.cli.dataProblems, { path })}\n  ${lines.join("\n  ")}`;
}
