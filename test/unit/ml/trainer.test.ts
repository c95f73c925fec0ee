import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import { InvalidConfigError, withOverrides, type TrainingConfig } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import type { EpochSnapshot, RolloutSnapshot, TrainerStatus } from "@/lib/ml/snapshots";
import { isRolloutEpoch, rolloutEpochs } from "@/lib/ml/schedule";
import { Trainer, type TrainerOptions } from "@/lib/ml/trainer";
import { decodeWeights } from "@/lib/ml/weights-format";
import { oneStepMse } from "@/lib/ml/evaluate";

const layer = OPS_IMPLEMENTATION.layer;
/** A small, fast version of the seed experiment. */
const small: TrainingConfig = withOverrides({ model: { hidden: 8 }, epochs: 6, window: 10, dataset: { length: 60 }, rolloutEvery: 2 });

/** A clock that advances 5 ms per reading, so msPerEpoch is exactly known. */
function steppingClock(stepMs = 5) {
  let t = 0;
  return () => (t += stepMs);
}

function record(options: Partial<TrainerOptions> = {}) {
  const snapshots: EpochSnapshot[] = [];
  const rollouts: RolloutSnapshot[] = [];
  const statuses: TrainerStatus[] = [];
  const trainer = new Trainer({
    config: small,
    layer,
    now: steppingClock(),
    onSnapshot: (s) => snapshots.push(s),
    onRollout: (r) => rollouts.push(r),
    onStatus: (s) => statuses.push(s),
    ...options,
  });
  return { trainer, snapshots, rollouts, statuses };
}

beforeAll(() => tf.setBackend("cpu"));

describe("trainer", () => {
  it("reports a snapshot after every epoch and the seed's rollout every K epochs and at the end", async () => {
    const { trainer, snapshots, rollouts, statuses } = record();
    const outcome = await trainer.run();
    expect(snapshots.map((s) => s.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const s of snapshots) {
      expect(Number.isFinite(s.trainLoss)).toBe(true);
      expect(s.valLoss).toBeNull();
      // The injected clock is read once before and once after each epoch.
      expect(s.msPerEpoch).toBe(5);
    }
    expect(rollouts.map((r) => r.epoch)).toEqual([1, 3, 5, 6]);
    for (const r of rollouts) {
      expect(r.predicted).toHaveLength(60 - 10);
      expect(r.mse).toBeGreaterThan(0);
    }
    expect(statuses).toEqual(["running", "finished"]);
    expect(outcome).toEqual({
      status: "finished",
      epochsCompleted: 6,
      finalTrainLoss: snapshots[5]?.trainLoss,
      finalValLoss: null,
      meanMsPerEpoch: 5,
      message: null,
    });
    trainer.dispose();
  });

  it("draws rollouts after epochs 1, K+1, 2K+1, … like the seed (i % 100 == 0), plus the last", () => {
    const seed = { epochs: 1000, rolloutEvery: 100 };
    const epochs = Array.from({ length: 1000 }, (_, i) => i + 1).filter((e) => isRolloutEpoch(e, seed));
    expect(epochs).toEqual([1, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1000]);
    expect(rolloutEpochs(seed)).toEqual(epochs);
    expect(rolloutEpochs({ epochs: 5, rolloutEvery: 2 })).toEqual([1, 3, 5]);
    expect(rolloutEpochs({ epochs: 1, rolloutEvery: 100 })).toEqual([1]);
  });

  it("learns: on a lightly noisy cosine the loss falls far below its first epoch's", async () => {
    const config = withOverrides({ model: { hidden: 16 }, epochs: 40, optimizer: { kind: "adam", learningRate: 0.01 }, dataset: { noise: 0.05 } });
    const { trainer, snapshots } = record({ config });
    await trainer.run();
    expect(snapshots.at(-1)!.trainLoss).toBeLessThan(0.3 * snapshots[0]!.trainLoss);
    trainer.dispose();
  });

  it("reports the validation loss on the held-out windows", async () => {
    const { trainer, snapshots } = record({ config: { ...small, validationFraction: 0.25 } });
    await trainer.run();
    expect(trainer.data.split.validation).toHaveLength(13);
    const last = snapshots.at(-1)!;
    expect(last.valLoss).toBeCloseTo(oneStepMse(trainer.model, trainer.data.windows, trainer.data.split.validation), 6);
    trainer.dispose();
  });

  it("is deterministic for a seed and changes with it", async () => {
    const losses = async (config: TrainingConfig) => {
      const { trainer, snapshots } = record({ config });
      await trainer.run();
      trainer.dispose();
      return snapshots.map((s) => s.trainLoss);
    };
    const first = await losses(small);
    expect(await losses(small)).toEqual(first);
    expect(await losses({ ...small, seed: 1 })).not.toEqual(first);
  });

  it("pauses, resumes and stops between epochs", async () => {
    let epochsSeen = 0;
    let paused: (() => void) | null = null;
    const pausedOnce = new Promise<void>((resolve) => (paused = resolve));
    const { trainer, snapshots, statuses } = record({
      config: { ...small, epochs: 50 },
      onSnapshot: (s) => {
        snapshots.push(s);
        epochsSeen = s.epoch;
        if (s.epoch === 2) trainer.pause();
      },
      onStatus: (s) => {
        statuses.push(s);
        if (s === "paused") paused?.();
      },
    });
    const run = trainer.run();
    await pausedOnce;
    // While paused, time passes and nothing trains.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(epochsSeen).toBe(2);
    expect(trainer.status).toBe("paused");
    trainer.resume();
    while (epochsSeen < 4) await new Promise((resolve) => setTimeout(resolve, 1));
    trainer.stop();
    const outcome = await run;
    expect(outcome.status).toBe("stopped");
    expect(outcome.epochsCompleted).toBe(snapshots.length);
    expect(outcome.epochsCompleted).toBeLessThan(50);
    expect(snapshots.map((s) => s.epoch)).toEqual(Array.from({ length: snapshots.length }, (_, i) => i + 1));
    expect(statuses).toEqual(["running", "paused", "running", "stopped"]);
    // The stopped model keeps what it learned and can be exported.
    expect(decodeWeights(trainer.exportWeights()).params).toEqual(trainer.model.readParams());
    trainer.dispose();
  });

  it("stops at once when stopped while paused", async () => {
    const { trainer, snapshots, statuses } = record({ config: { ...small, epochs: 50 } });
    const run = trainer.run();
    trainer.pause();
    while (trainer.status !== "paused") await new Promise((resolve) => setTimeout(resolve, 1));
    trainer.stop();
    expect((await run).status).toBe("stopped");
    expect(snapshots).toHaveLength(1);
    expect(statuses).toEqual(["running", "paused", "stopped"]);
    trainer.dispose();
  });

  it("stops early with a clear message when the loss becomes NaN", async () => {
    const { trainer, snapshots } = record({
      config: withOverrides({ model: { cell: "RNN", nonlinearity: "relu", hidden: 16 }, optimizer: { kind: "sgd", learningRate: 10 }, epochs: 30 }),
    });
    const outcome = await trainer.run();
    expect(outcome.status).toBe("failed");
    expect(outcome.message).toMatch(/^Training stopped at epoch \d+: the training loss became (NaN|Infinity)\. The learning rate \(10\) is probably too high/);
    expect(outcome.epochsCompleted).toBeLessThan(30);
    // The page words the failure itself (in the reader's language) from what diverged and when.
    expect(outcome.divergence).toEqual({ epoch: outcome.epochsCompleted + 1, loss: "training" });
    expect(snapshots.every((s) => Number.isFinite(s.trainLoss))).toBe(true);
    expect(trainer.status).toBe("failed");
    trainer.dispose();
  });

  it.each([
    { kind: "sgd", learningRate: 0.01 },
    { kind: "momentum", learningRate: 0.01, momentum: 0.9 },
    { kind: "adam", learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ] as const)("keeps tf.memory() flat across epochs and frees everything on dispose ($kind)", async (optimizer) => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const { trainer } = record({
      config: { ...small, epochs: 12, validationFraction: 0.2, optimizer },
      onSnapshot: () => counts.push(tf.memory().numTensors),
    });
    await trainer.run();
    // Epoch 1 creates the optimiser's state variables; from then on nothing may accumulate.
    expect(new Set(counts.slice(1)).size).toBe(1);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  describe("bad input: clear error, nothing created", () => {
    const expectNothingCreated = (make: () => unknown, message: RegExp) => {
      const before = tf.memory().numTensors;
      expect(make).toThrow(message);
      expect(tf.memory().numTensors).toBe(before);
    };

    it("a configuration outside the limits", () => {
      expectNothingCreated(() => new Trainer({ config: { ...small, model: { ...small.model, hidden: 1000 } }, layer, now: () => 0 }), /model.hidden: hidden size must be between 1 and 256/);
      expect(() => new Trainer({ config: { ...small, epochs: 0 }, layer, now: () => 0 })).toThrow(InvalidConfigError);
    });

    it("non-finite data", () => {
      const series = Array.from(generateSeries(small.dataset));
      series[17] = Number.NaN;
      expectNothingCreated(() => new Trainer({ config: small, layer, now: () => 0, series }), /series value at index 17 is NaN/);
    });

    it("a window longer than the series", () => {
      expectNothingCreated(() => new Trainer({ config: small, layer, now: () => 0, series: [1, 2, 3, 4, 5] }), /window 10 is too long for a series of 5 points/);
    });

    it("running twice", async () => {
      const { trainer } = record({ config: { ...small, epochs: 1 } });
      await trainer.run();
      await expect(trainer.run()).rejects.toThrow(/already run/);
      trainer.dispose();
    });
  });

  it("trains on a given series instead of the generated one", async () => {
    const series = Array.from({ length: 40 }, (_, i) => Math.sin(i / 3));
    const { trainer, rollouts } = record({ config: { ...small, epochs: 1 }, series });
    await trainer.run();
    expect(Array.from(trainer.data.series)).toEqual(Array.from(Float32Array.from(series)));
    expect(rollouts[0]?.predicted).toHaveLength(30);
    trainer.dispose();
  });
});
