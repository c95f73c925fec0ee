/**
 * One optimisation step and the pieces it is made of, shared by the trainer, the calibration and the parity
 * test, so what is checked against PyTorch is exactly what trains in the browser.
 */
import * as tf from "@tensorflow/tfjs";
import type { Windows } from "@/lib/data/windows";
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedSgdOptimizer, usesFusedOps } from "./kernels/index";
import type { OptimizerConfig } from "./config";
import type { RecurrentModel } from "./model";

/**
 * tfjs's optimisers follow PyTorch's update rules when configured like this:
 * - SGD: p ← p − lr·g.
 * - Momentum: buf ← μ·buf + g (buf starts at 0, so the first step stores g, as PyTorch does), p ← p − lr·buf:
 *   PyTorch's SGD(momentum=μ) with dampening 0 and no Nesterov.
 * - Adam: m̂/(√v̂ + ε) with bias-corrected moments and ε outside the square root, as in PyTorch. ε is always
 *   passed explicitly: tfjs would otherwise use the backend's epsilon (1e-7) instead of PyTorch's 1e-8.
 * The parity tests check the first two against PyTorch and Adam against a PyTorch-generated fixture.
 * On the cpu and wasm backends the same updates run as one loop per variable (lib/ml/kernels/fusedOptimizers,
 * bit-identical to tfjs's on cpu): tfjs's 2–10 elementwise ops per variable cost more there than the fused layer.
 */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  if (usesFusedOps()) {
    switch (config.kind) {
      case "sgd":
        return new FusedSgdOptimizer(config.learningRate);
      case "momentum":
        return new FusedMomentumOptimizer(config.learningRate, config.momentum);
      case "adam":
        return new FusedAdamOptimizer(config.learningRate, config.beta1, config.beta2, config.epsilon);
    }
  }
  switch (config.kind) {
    case "sgd":
      return tf.train.sgd(config.learningRate);
    case "momentum":
      return tf.train.momentum(config.learningRate, config.momentum, false);
    case "adam":
      return tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}

/** Frees an optimiser's state. tfjs 4.22's MomentumOptimizer.dispose() forgets the learning-rate scalar its SGD base class keeps. */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // By class name: tfjs's optimiser classes answer `instanceof` by duck typing, so every optimiser "is" a MomentumOptimizer.
  if (optimizer.getClassName() === "Momentum") (optimizer as unknown as { c: tf.Tensor }).c.dispose();
}

export interface WindowTensors {
  /** [N, window, 1] */
  inputs: tf.Tensor3D;
  /** [N, 1] */
  targets: tf.Tensor2D;
}

export function windowTensors(windows: Windows): WindowTensors {
  return {
    inputs: tf.tensor3d(windows.inputs, [windows.count, windows.window, 1]),
    targets: tf.tensor2d(windows.targets, [windows.count, 1]),
  };
}

export interface Batch {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
}

export function gatherBatch(data: WindowTensors, indices: readonly number[]): Batch {
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices as number[], "int32");
    return { x: tf.gather(data.inputs, idx), y: tf.gather(data.targets, idx) };
  });
}

function trainableVariables(model: RecurrentModel): tf.Variable[] {
  return [...model.params.values()];
}

export interface LossAndGradients {
  loss: tf.Scalar;
  /** Gradient of the loss with respect to each parameter, keyed by PyTorch name. */
  grads: Record<string, tf.Tensor>;
}

/** The loss on one batch and every parameter's gradient, without updating anything. The caller disposes both. */
export function lossAndGradients(model: RecurrentModel, batch: Batch): LossAndGradients {
  const { value, grads } = tf.variableGrads(() => model.loss(batch.x, batch.y), trainableVariables(model));
  const byName: Record<string, tf.Tensor> = {};
  for (const [name, v] of model.params) {
    const grad = grads[v.name];
    if (grad === undefined) throw new Error(`no gradient reached parameter ${name}`);
    byName[name] = grad;
  }
  return { loss: value, grads: byName };
}

/** One optimiser step on one batch. Returns the loss before the update (the caller disposes it). */
export function trainStep(model: RecurrentModel, optimizer: tf.Optimizer, batch: Batch): tf.Scalar {
  const { value, grads } = tf.variableGrads(() => model.loss(batch.x, batch.y), trainableVariables(model));
  optimizer.applyGradients(grads);
  tf.dispose(grads);
  return value;
}
