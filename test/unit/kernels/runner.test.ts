/** The fused layer op's bookkeeping: cached forward slots, recomputation, memory, bad input, kernel selection. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import {
  calibrateKernels,
  fusedLayerCandidates,
  fusedLayerImplementations,
  fusedRecurrentLayer,
  prepareFusedKernels,
  selectedKernelVariant,
  supportedKernelVariants,
} from "@/lib/ml/kernels/index";
import { createJsKernels } from "@/lib/ml/kernels/jsKernels";
import type { RecurrentLayerParams, RecurrentLayerSpec } from "@/lib/ml/recurrent";
import { relativeMaxError } from "./support/seedModel";
import { kernelVariantsUnderTest } from "./support/variants";

const H = 6;
const spec: RecurrentLayerSpec = { cell: "LSTM", nonlinearity: "tanh", inputSize: H, hiddenSize: H };

function layerParams(seed: number): RecurrentLayerParams<tf.Variable> {
  const u = (shape: number[], s: number) => {
    const initial = tf.randomUniform(shape, -0.4, 0.4, "float32", seed * 10 + s);
    const v = tf.variable(initial);
    initial.dispose();
    return v;
  };
  return { weightIh: u([4 * H, H], 1), weightHh: u([4 * H, H], 2), biasIh: u([4 * H], 3), biasHh: u([4 * H], 4) };
}

describe.each(await kernelVariantsUnderTest())("fused layer op ($variant)", ({ variant }) => {
  it("recomputes a forward pass whose slot was reused before the backward pass, with the same gradients", async () => {
    await tf.setBackend("cpu");
    // Twelve stacked layers: more forward calls than slots before the first backward pass needs its own.
    const layers = Array.from({ length: 12 }, (_, i) => layerParams(i));
    const x = tf.randomNormal([3, 4, H], 0, 1, "float32", 9) as tf.Tensor3D;
    const gradsWith = (layer: typeof fusedRecurrentLayer) =>
      tf.tidy(() => {
        const vars = layers.flatMap((p) => [p.weightIh, p.weightHh, p.biasIh, p.biasHh]);
        const { grads } = tf.variableGrads(() => {
          let h = x;
          for (const p of layers) h = layer(h, p, spec);
          return tf.sum(h);
        }, vars);
        return vars.map((v) => grads[v.name]!.dataSync());
      });
    const runner = new FusedRecurrentRunner(await (await import("@/lib/ml/kernels/index")).createKernels(variant));
    const fused = gradsWith(runner.layer);
    expect(runner.recomputations).toBeGreaterThan(0);
    const reference = gradsWith(new FusedRecurrentRunner(createJsKernels()).layer);
    fused.forEach((g, i) => expect(relativeMaxError(g, reference[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, ...layers.flatMap((p) => Object.values(p))]);
  });

  it("restarts a heap full of outgrown regions, and a backward pass caught by the restart recomputes", async () => {
    await tf.setBackend("cpu");
    const kernels = await (await import("@/lib/ml/kernels/index")).createKernels(variant);
    // A tiny allowance for outgrown regions, so that a few growing shapes force restarts.
    const runner = new FusedRecurrentRunner(kernels, 1000);
    const reference = new FusedRecurrentRunner(createJsKernels());
    const layers = [layerParams(5), layerParams(6)];
    // Shapes growing a little at a time: every region moves often, and what it leaves behind soon outweighs it.
    for (let batch = 1; batch <= 12; batch++) {
      const x = tf.randomNormal([batch, 4, H], 0, 1, "float32", batch) as tf.Tensor3D;
      const grads = (r: FusedRecurrentRunner) =>
        tf.tidy(() => {
          const vars = layers.flatMap((p) => [p.weightIh, p.weightHh, p.biasIh, p.biasHh]);
          // Layer 1 runs at a new, larger shape while layer 0's forward state waits for its backward pass.
          const { grads: g } = tf.variableGrads(() => tf.sum(r.layer(r.layer(x, layers[0]!, spec), layers[1]!, spec)), vars);
          return vars.map((v) => g[v.name]!.dataSync());
        });
      const got = grads(runner);
      grads(reference).forEach((g, i) => expect(relativeMaxError(got[i]!, g)).toBeLessThan(1e-5));
      x.dispose();
    }
    expect(runner.restarts).toBeGreaterThan(0);
    expect(runner.recomputations).toBeGreaterThan(0);
    tf.dispose(layers.flatMap((p) => Object.values(p)));
  });

  it.each(["cpu", "wasm"])("keeps tf.memory() flat across training steps on the %s backend", async (backend) => {
    await tf.setBackend(backend);
    const runner = new FusedRecurrentRunner(await (await import("@/lib/ml/kernels/index")).createKernels(variant));
    const p = layerParams(1);
    const x = tf.randomNormal([4, 5, H], 0, 1, "float32", 3) as tf.Tensor3D;
    const optimizer = tf.train.sgd(0.1);
    const step = () => optimizer.minimize(() => tf.mean(tf.square(runner.layer(x, p, spec))), false, Object.values(p));
    step();
    const before = tf.memory();
    for (let i = 0; i < 5; i++) step();
    tf.tidy(() => {
      runner.layer(x, p, spec);
    });
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([x, ...Object.values(p)]);
    optimizer.dispose();
  });
});

describe("fused layer input checks", () => {
  it("rejects shapes that do not match the spec, with the shape it expected", async () => {
    await tf.setBackend("cpu");
    const runner = new FusedRecurrentRunner(createJsKernels());
    const p = layerParams(2);
    const x = tf.zeros([2, 3, H]) as tf.Tensor3D;
    expect(() => runner.layer(tf.zeros([2, 3, H + 1]) as tf.Tensor3D, p, spec)).toThrow(/input .* must have shape \[2,3,6\]/);
    expect(() => runner.layer(x, { ...p, weightHh: tf.zeros([4 * H, H + 1]) }, spec)).toThrow(/weightHh .* must have shape \[24,6\]/);
    expect(() => runner.layer(x, p, { ...spec, cell: "GRU" })).toThrow(/weightIh of a GRU layer .* must have shape \[18,6\]/);
    expect(() => runner.layer(tf.zeros([2, 3]) as unknown as tf.Tensor3D, p, spec)).toThrow(/\[batch, steps, features\]/);
    expect(() => runner.layer(tf.zeros([2, 3, H], "int32") as tf.Tensor3D, p, spec)).toThrow(/must be float32/);
  });
});

describe("kernel selection", () => {
  it("falls back to the JS kernels where WebAssembly (or a build of it) is refused", async () => {
    const original = WebAssembly.validate;
    try {
      WebAssembly.validate = () => false;
      expect(supportedKernelVariants()).toEqual(["js"]);
      const timings = await calibrateKernels({ cell: "RNN", relu: true, batch: 1, steps: 2, inputSize: 1, hiddenSize: 3 }, () => performance.now());
      expect(timings.map((t) => t.variant)).toEqual(["js"]);
    } finally {
      WebAssembly.validate = original;
    }
  });

  it("offers every variant this runtime supports, JS always last as the fallback", () => {
    const variants = supportedKernelVariants();
    expect(variants.at(-1)).toBe("js");
    expect(variants).toEqual(["wasm-relaxed-simd", "wasm-simd", "wasm", "js"]);
  });

  it("calibrates on the given clock and switches the default layer to the fastest variant", async () => {
    await tf.setBackend("cpu");
    // A clock on which each variant's passes take a different, known time (in ms, long enough for one pass per
    // sample): the ranking must follow the clock.
    const cost = { js: 5, wasm: 1, "wasm-simd": 3 };
    const order: (keyof typeof cost)[] = ["js", "wasm", "wasm-simd"];
    let fake = 0;
    let reads = 0;
    const timings = await calibrateKernels(
      { cell: "GRU", relu: false, batch: 2, steps: 3, inputSize: 1, hiddenSize: 4 },
      // Two reads to size the samples, then two per repeat (seven repeats) per variant, in the order given.
      () => (fake += cost[order[Math.floor(reads++ / 16)]!]),
      { variants: order },
    );
    expect(timings.map((t) => t.variant)).toEqual(["wasm", "wasm-simd", "js"]);
    expect(timings.map((t) => t.best)).toEqual([1, 3, 5]);
    const real = await prepareFusedKernels(() => performance.now());
    expect(selectedKernelVariant()).toBe(real[0]!.variant);
    const p = layerParams(3);
    const x = tf.randomNormal([2, 3, H], 0, 1, "float32", 4) as tf.Tensor3D;
    const candidates = await fusedLayerCandidates();
    expect(candidates.map((c) => c.name)).toEqual(["fused-wasm-relaxed-simd", "fused-wasm-simd", "fused-wasm", "fused-js"]);
    const expected = candidates.at(-1)!.layer(x, p, spec).dataSync();
    expect(relativeMaxError(fusedRecurrentLayer(x, p, spec).dataSync(), expected)).toBeLessThan(1e-5);
    // The synchronous list creates its kernels on first use and computes the same layer.
    const implementations = fusedLayerImplementations();
    expect(implementations.map((i) => i.name)).toEqual(candidates.map((c) => c.name));
    for (const impl of implementations) {
      expect(relativeMaxError(impl.layer(x, p, spec).dataSync(), expected), impl.name).toBeLessThan(1e-5);
    }
  });
});
