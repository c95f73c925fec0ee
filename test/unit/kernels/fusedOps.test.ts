/** The small fused ops around the recurrent layer, against the tfjs ops they replace. */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describe, expect, it } from "vitest";
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedSgdOptimizer } from "@/lib/ml/kernels/fusedOptimizers";
import { linearMseLoss } from "@/lib/ml/kernels/fusedHead";
import { lastTimeStep } from "@/lib/ml/kernels/lastTimeStep";
import { relativeMaxError } from "./support/seedModel";

describe.each(["cpu", "wasm"])("fused ops on the %s backend", (backend) => {
  it("lastTimeStep equals the slice of the last step, forward and backward", async () => {
    await tf.setBackend(backend);
    const h = tf.randomNormal([5, 7, 3], 0, 1, "float32", 1) as tf.Tensor3D;
    const w = tf.randomNormal([5, 3], 0, 1, "float32", 2);
    const viaSlice = (t: tf.Tensor3D) => tf.reshape(tf.slice(t, [0, 6, 0], [5, 1, 3]), [5, 3]);
    expect(Array.from(lastTimeStep(h).dataSync())).toEqual(Array.from(viaSlice(h).dataSync()));
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lastTimeStep(t as tf.Tensor3D), w)))(h);
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(viaSlice(t as tf.Tensor3D), w)))(h);
    expect(Array.from(g1.dataSync())).toEqual(Array.from(g2.dataSync()));
    tf.dispose([h, w, g1, g2]);
  });

  it("linearMseLoss equals mean((x·Wᵀ + b − y)²) and its gradients", async () => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([6, 4], 0, 1, "float32", 3) as tf.Tensor2D;
    const weight = tf.randomNormal([2, 4], 0, 1, "float32", 4) as tf.Tensor2D;
    const bias = tf.randomNormal([2], 0, 1, "float32", 5) as tf.Tensor1D;
    const y = tf.randomNormal([6, 2], 0, 1, "float32", 6) as tf.Tensor2D;
    const plain = (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor, t: tf.Tensor) =>
      tf.mean(tf.square(tf.sub(tf.add(tf.matMul(a, w, false, true), b), t))) as tf.Scalar;
    const fused = (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor, t: tf.Tensor) =>
      linearMseLoss(a as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, t as tf.Tensor2D);
    expect(Math.abs(fused(x, weight, bias, y).dataSync()[0]! - plain(x, weight, bias, y).dataSync()[0]!)).toBeLessThan(1e-6);
    const gf = tf.grads(fused)([x, weight, bias, y]);
    const gp = tf.grads(plain)([x, weight, bias, y]);
    gf.forEach((g, i) => expect(relativeMaxError(g.dataSync(), gp[i]!.dataSync())).toBeLessThan(1e-6));
    expect(() => linearMseLoss(x, tf.zeros([2, 3]) as tf.Tensor2D, bias, y)).toThrow(/head weight must be \[outputs, 4\]/);
    expect(() => linearMseLoss(x, weight, bias, tf.zeros([6, 1]) as tf.Tensor2D)).toThrow(/target must be \[6, 2\]/);
    tf.dispose([x, weight, bias, y, ...gf, ...gp]);
  });

  it.each([
    { name: "SGD", tfjs: () => tf.train.sgd(0.01), fused: () => new FusedSgdOptimizer(0.01) },
    { name: "momentum", tfjs: () => tf.train.momentum(0.01, 0.9), fused: () => new FusedMomentumOptimizer(0.01, 0.9) },
    { name: "Adam", tfjs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-8), fused: () => new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-8) },
  ])("the fused $name optimiser updates like tfjs's", async ({ tfjs, fused }) => {
    await tf.setBackend(backend);
    const init = [tf.randomNormal([33, 7], 0, 1, "float32", 7), tf.randomNormal([5], 0, 1, "float32", 9)];
    const target = [tf.randomNormal([33, 7], 0, 1, "float32", 8), tf.randomNormal([5], 0, 1, "float32", 10)];
    const a = init.map((t) => tf.variable(t.clone()));
    const b = init.map((t) => tf.variable(t.clone()));
    const reference = tfjs();
    const ours = fused();
    const loss = (vs: tf.Variable[]) => (): tf.Scalar =>
      tf.add(...(vs.map((v, i) => tf.sum(tf.square(tf.sub(tf.mul(v, v), target[i]!)))) as [tf.Scalar, tf.Scalar])) as tf.Scalar;
    reference.minimize(loss(a), false, a);
    ours.minimize(loss(b), false, b);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      reference.minimize(loss(a), false, a);
      ours.minimize(loss(b), false, b);
    }
    // Our optimisers keep their state outside tfjs: nothing accumulates per step.
    expect(tf.memory().numTensors).toBe(before);
    a.forEach((v, i) => {
      const got = Array.from(b[i]!.dataSync());
      // The cpu backend computes each op in float32 exactly as we do; the wasm backend's kernels may fuse or
      // reorder (XNNPACK), so there the bar is the parity tolerance.
      if (backend === "cpu") expect(got).toEqual(Array.from(v.dataSync()));
      else expect(relativeMaxError(got, v.dataSync())).toBeLessThan(1e-6);
      expect(got).not.toEqual(Array.from(init[i]!.dataSync()));
    });
    expect(ours.iterations).toBe(6);
    tf.dispose([...init, ...target, ...a, ...b]);
    reference.dispose();
    ours.dispose();
  });

  it("refuses optimiser settings outside their ranges", () => {
    expect(() => new FusedSgdOptimizer(0)).toThrow(/learning rate must be a positive finite number/);
    expect(() => new FusedMomentumOptimizer(0.1, -1)).toThrow(/momentum must be a non-negative/);
    expect(() => new FusedAdamOptimizer(0.1, 1, 0.999, 1e-8)).toThrow(/beta1 must be in \[0, 1\)/);
    expect(() => new FusedAdamOptimizer(0.1, 0.9, 0.999, 0)).toThrow(/epsilon must be a positive/);
  });
});
