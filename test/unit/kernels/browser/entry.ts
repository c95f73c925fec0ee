/**
 * Runs in Chromium (page and Web Worker): every kernel variant the browser supports computes a forward and a
 * backward pass of each cell, compared with the JS kernels. Built by browser.test.ts with esbuild; no network.
 */
import * as tf from "@tensorflow/tfjs";
import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import { createKernels, createKernelsSync, supportedKernelVariants } from "@/lib/ml/kernels/index";
import { GATE_COUNT, type CellType } from "@/lib/ml/recurrent";

export interface BrowserKernelReport {
  where: "page" | "worker";
  variants: string[];
  /** Worst relative max-norm difference from the JS kernels over outputs and gradients, per variant and cell. */
  errors: Record<string, number>;
}

function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}

function outputsAndGrads(runner: FusedRecurrentRunner, cell: CellType): Float32Array[] {
  return tf.tidy(() => {
    const H = 13;
    const N = GATE_COUNT[cell] * H;
    const u = (shape: number[], seed: number) => tf.randomUniform(shape, -0.3, 0.3, "float32", seed);
    const inputs = [u([3, 5, 2], 1), u([N, 2], 2), u([N, H], 3), u([N], 4), u([N], 5)];
    const f = (...t: tf.Tensor[]) =>
      runner.layer(t[0] as tf.Tensor3D, { weightIh: t[1]!, weightHh: t[2]!, biasIh: t[3]!, biasHh: t[4]! }, { cell, nonlinearity: "tanh", inputSize: 2, hiddenSize: H });
    const out = f(...inputs).dataSync() as Float32Array;
    const grads = tf.grads((...t: tf.Tensor[]) => tf.sum(tf.mul(f(...t), u([3, 5, H], 6))))(inputs);
    return [out, ...grads.map((g) => g.dataSync() as Float32Array)];
  });
}

export async function checkKernels(where: "page" | "worker"): Promise<BrowserKernelReport> {
  await tf.setBackend("cpu");
  const variants = supportedKernelVariants();
  const reference = new FusedRecurrentRunner(await createKernels("js"));
  const errors: Record<string, number> = {};
  for (const variant of variants) {
    // In a Worker the synchronous path (what the engine's calibration uses) must work; the page compiles async.
    const kernels = where === "worker" ? createKernelsSync(variant) : await createKernels(variant);
    const runner = new FusedRecurrentRunner(kernels);
    for (const cell of ["RNN", "LSTM", "GRU"] as CellType[]) {
      const expected = outputsAndGrads(reference, cell);
      const actual = outputsAndGrads(runner, cell);
      errors[`${variant} ${cell}`] = Math.max(...actual.map((a, i) => relativeMaxError(a, expected[i]!)));
    }
  }
  return { where, variants, errors };
}
