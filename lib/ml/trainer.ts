/**
 * The training loop of the seed lesson, with the controls a classroom needs: start, pause, resume, stop; a
 * snapshot after every epoch; the "Correct vs Predicted" rollout every K epochs; an early stop with a clear
 * message when the loss is no longer a number. Pure: the clock (`now`) and the way to give the host a turn
 * between epochs (`yieldControl`) are injected, so the same loop runs in a Web Worker, the CLI and tests.
 */
import * as tf from "@tensorflow/tfjs";
import { datasetSeries } from "@/lib/data/source";
import { makeWindows, shuffledBatches, splitWindows, type WindowSplit, type Windows } from "@/lib/data/windows";
import { createRng, deriveSeed } from "@/lib/random";
import { parseTrainingConfig, type TrainingConfig } from "./config";
import { oneStepMse, rolloutMse } from "./evaluate";
import { createModel, type RecurrentModel } from "./model";
import type { RecurrentLayerFn } from "./recurrent";
import { isRolloutEpoch } from "./schedule";
import type { EpochSnapshot, RolloutSnapshot, TrainerStatus, TrainingOutcome } from "./snapshots";
import { createOptimizer, disposeOptimizer, gatherBatch, trainStep, windowTensors, type WindowTensors } from "./training";
import { encodeModelWeights } from "./weights-format";

export interface TrainerCallbacks {
  onSnapshot?: (snapshot: EpochSnapshot) => void;
  onRollout?: (rollout: RolloutSnapshot) => void;
  onStatus?: (status: TrainerStatus) => void;
}

export interface TrainerOptions extends TrainerCallbacks {
  config: TrainingConfig;
  layer: RecurrentLayerFn;
  now: () => number;
  /** Gives the host a turn between epochs (so pause/stop messages get through). */
  yieldControl?: () => Promise<void>;
  /** Train on this series instead of the one `config.dataset` generates (checked: finite, longer than the window). */
  series?: ArrayLike<number>;
  /** An uploaded dataset's stored values (`config.dataset.source` "upload"), loaded by the host: lib/data/source scales them. */
  stored?: ArrayLike<number>;
}

export interface PreparedData {
  series: Float32Array;
  windows: Windows;
  split: WindowSplit;
}

/** The series, its windows and the train/validation split for a config. Throws on bad data before any training. */
export function prepareData(config: TrainingConfig, series?: ArrayLike<number>, stored?: ArrayLike<number>): PreparedData {
  // Training runs in float32, so the values are checked after conversion (makeWindows rejects non-finite
  // ones): a number too large for float32 is reported as the Infinity it would become.
  const values = series === undefined ? datasetSeries(config.dataset, stored) : Float32Array.from(series);
  const windows = makeWindows(values, config.window);
  return { series: values, windows, split: splitWindows(windows.count, config.validationFraction) };
}

const defaultYield = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class Trainer {
  readonly config: TrainingConfig;
  readonly data: PreparedData;
  readonly model: RecurrentModel;
  private readonly optimizer: tf.Optimizer;
  private readonly tensors: WindowTensors;
  private readonly options: TrainerOptions;
  private readonly shuffleRng;
  private statusValue: TrainerStatus = "idle";
  private pauseRequested = false;
  private stopRequested = false;
  private wakeUp: (() => void) | null = null;
  private disposed = false;
  private completed = 0;

  /** Validates the config and the data first: on bad input it throws and creates nothing. */
  constructor(options: TrainerOptions) {
    this.config = parseTrainingConfig(options.config);
    this.data = prepareData(this.config, options.series, options.stored);
    this.options = options;
    this.shuffleRng = createRng(deriveSeed(this.config.seed, "shuffle"));
    this.model = createModel(this.config.model, { layer: options.layer, seed: this.config.seed });
    this.optimizer = createOptimizer(this.config.optimizer);
    this.tensors = windowTensors(this.data.windows);
  }

  get status(): TrainerStatus {
    return this.statusValue;
  }

  /** Epochs finished so far: the weights `exportWeights` returns between epochs are those of this epoch. */
  get epochsCompleted(): number {
    return this.completed;
  }

  /** Pauses at the end of the current epoch. */
  pause(): void {
    if (this.statusValue === "running") this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wake();
  }

  /** Stops at the end of the current epoch (at once when paused); the model keeps what it learned. */
  stop(): void {
    this.stopRequested = true;
    this.wake();
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  private setStatus(status: TrainerStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    this.options.onStatus?.(status);
  }

  async run(): Promise<TrainingOutcome> {
    if (this.statusValue !== "idle") throw new Error("this trainer has already run; create a new one");
    if (this.disposed) throw new Error("this trainer has been disposed");
    const { config } = this;
    const { now, onSnapshot, onRollout } = this.options;
    const yieldControl = this.options.yieldControl ?? defaultYield;
    let last: EpochSnapshot | null = null;
    let totalMs = 0;
    const outcome = (status: TrainingOutcome["status"], message: string | null = null, divergence: TrainingOutcome["divergence"] = null): TrainingOutcome => {
      this.setStatus(status);
      return {
        status,
        epochsCompleted: last?.epoch ?? 0,
        finalTrainLoss: last?.trainLoss ?? null,
        finalValLoss: last?.valLoss ?? null,
        meanMsPerEpoch: last ? totalMs / last.epoch : null,
        message,
        ...(divergence ? { divergence } : {}),
      };
    };
    this.setStatus("running");
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      if (this.pauseRequested && !this.stopRequested) {
        this.setStatus("paused");
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        if (!this.stopRequested) this.setStatus("running");
      }
      if (this.stopRequested) return outcome("stopped");

      const start = now();
      const trainLoss = this.trainEpoch();
      const valLoss = this.data.split.validation.length > 0 ? oneStepMse(this.model, this.data.windows, this.data.split.validation) : null;
      const msPerEpoch = now() - start;
      if (!Number.isFinite(trainLoss) || (valLoss !== null && !Number.isFinite(valLoss))) {
        const what = Number.isFinite(trainLoss) ? `validation loss became ${valLoss}` : `training loss became ${trainLoss}`;
        return outcome(
          "failed",
          `Training stopped at epoch ${epoch}: the ${what}. The learning rate (${config.optimizer.learningRate}) is probably too high for this model; lower it and train again.`,
          { epoch, loss: Number.isFinite(trainLoss) ? "validation" : "training" },
        );
      }
      last = { epoch, trainLoss, valLoss, msPerEpoch };
      this.completed = epoch;
      totalMs += msPerEpoch;
      onSnapshot?.(last);
      if (isRolloutEpoch(epoch, config)) onRollout?.(this.rolloutNow(epoch));
      await yieldControl();
    }
    return outcome("finished");
  }

  /** One pass over the training windows in a fresh seeded order; returns the mean batch loss. */
  private trainEpoch(): number {
    const batches = shuffledBatches(this.data.split.train, this.config.batchSize, this.shuffleRng);
    let weightedSum: tf.Tensor = tf.scalar(0);
    for (const indices of batches) {
      const next = tf.tidy(() => tf.add(weightedSum, tf.mul(trainStep(this.model, this.optimizer, gatherBatch(this.tensors, indices)), indices.length)));
      weightedSum.dispose();
      weightedSum = next;
    }
    // One read per epoch: reading each batch's loss would stall GPU backends every step.
    const sum = weightedSum.dataSync()[0] as number;
    weightedSum.dispose();
    return sum / this.data.split.train.length;
  }

  /** The seed's picture now: rollout from the first window over the rest of the series. */
  rolloutNow(epoch: number): RolloutSnapshot {
    const { series } = this.data;
    const w = this.config.window;
    const { predicted, mse } = rolloutMse(this.model, series.subarray(0, w), series.subarray(w), w);
    return { epoch, predicted: Array.from(predicted), mse };
  }

  exportWeights(): Uint8Array {
    return encodeModelWeights(this.model, this.config);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
    tf.dispose([this.tensors.inputs, this.tensors.targets]);
    disposeOptimizer(this.optimizer);
    this.model.dispose();
  }
}
