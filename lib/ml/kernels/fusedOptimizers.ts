/**
 * tfjs's SGD, momentum and Adam optimisers, each updating a variable with one loop and one new tensor.
 *
 * tfjs's own optimisers run 2 (SGD) to 10 (Adam) elementwise ops per variable, whose cpu-backend implementations cost
 * tens of nanoseconds per element (index arithmetic per element): for an LSTM's W_hh that is more than the whole
 * fused layer at the seed's sizes. These classes compute the same float32 expressions in the same order, rounding
 * where tfjs's ops round (Math.fround), so their results are bit-identical to `tf.train.sgd`, `tf.train.momentum`
 * (without Nesterov) and `tf.train.adam` on the cpu backend (tested). State is kept per variable name.
 */
import * as tf from "@tensorflow/tfjs";

const f32 = Math.fround;

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];

function checkRate(name: string, value: number, { allowZero = false } = {}): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? "non-negative" : "positive"} finite number, got ${value}`);
  }
}

abstract class FusedOptimizer extends tf.Optimizer {
  override applyGradients(variableGradients: Gradients): void {
    const pairs: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    this.beforeStep();
    for (const [name, gradient] of pairs) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`no variable named ${name}`);
      if (variable.dtype !== "float32") throw new Error(`${this.getClassName()} updates float32 variables, ${name} is ${variable.dtype}`);
      const value = variable.dataSync() as Float32Array;
      const next = new Float32Array(value.length);
      this.update(name, value, gradient.dataSync() as Float32Array, next);
      const updated = tf.tensor(next, variable.shape, "float32");
      variable.assign(updated);
      updated.dispose();
    }
    this.afterStep();
    this.incrementIterations();
  }

  protected beforeStep(): void {}
  protected afterStep(): void {}
  /** Writes the new value of one variable into `next`. */
  protected abstract update(name: string, value: Float32Array, grad: Float32Array, next: Float32Array): void;

  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    return [await this.saveIterations()];
  }

  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length !== 0) throw new Error(`${this.getClassName()} restores only its iteration count`);
  }
}

/** p ← p − lr·g, as tfjs computes it: p + (−lr)·g. */
export class FusedSgdOptimizer extends FusedOptimizer {
  static get className(): string {
    // Distinct from tfjs's names so serialisation never confuses the two.
    return "LossRaceFusedSGD";
  }

  private readonly c: number;

  constructor(readonly learningRate: number) {
    super();
    checkRate("learning rate", learningRate);
    this.c = f32(-learningRate);
  }

  protected update(_: string, value: Float32Array, grad: Float32Array, next: Float32Array): void {
    const c = this.c;
    // fround(c·g) is the float32 product; the float64 sum then rounds once to float32 on store, which equals the
    // float32 sum (double rounding is exact for + when the wide format has ≥ 2·24+2 bits).
    for (let i = 0; i < next.length; i++) next[i] = value[i]! + f32(c * grad[i]!);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate };
  }
}

/** a ← m·a + g; p ← p − lr·a (PyTorch's SGD with momentum, dampening 0, no Nesterov). */
export class FusedMomentumOptimizer extends FusedOptimizer {
  static get className(): string {
    return "LossRaceFusedMomentum";
  }

  private readonly c: number;
  private readonly m: number;
  private readonly accumulations = new Map<string, Float32Array>();

  constructor(
    readonly learningRate: number,
    readonly momentum: number,
  ) {
    super();
    checkRate("learning rate", learningRate);
    checkRate("momentum", momentum, { allowZero: true });
    this.c = f32(-learningRate);
    this.m = f32(momentum);
  }

  protected update(name: string, value: Float32Array, grad: Float32Array, next: Float32Array): void {
    let acc = this.accumulations.get(name);
    if (!acc || acc.length !== value.length) this.accumulations.set(name, (acc = new Float32Array(value.length)));
    const { c, m } = this;
    for (let i = 0; i < next.length; i++) {
      const a = f32(f32(m * acc[i]!) + grad[i]!);
      acc[i] = a;
      next[i] = value[i]! + f32(c * a);
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, momentum: this.momentum };
  }
}

/** tfjs's Adam: m, v moments with bias correction through running powers of β₁ and β₂ (kept in float32). */
export class FusedAdamOptimizer extends FusedOptimizer {
  static get className(): string {
    return "LossRaceFusedAdam";
  }

  private readonly moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  private accBeta1: number;
  private accBeta2: number;
  private oneMinusAccBeta1 = 0;
  private oneMinusAccBeta2 = 0;

  constructor(
    readonly learningRate: number,
    readonly beta1: number,
    readonly beta2: number,
    readonly epsilon: number,
  ) {
    super();
    checkRate("learning rate", learningRate);
    for (const [what, v] of [["beta1", beta1], ["beta2", beta2]] as const) {
      if (!(v >= 0 && v < 1)) throw new Error(`${what} must be in [0, 1), got ${v}`);
    }
    checkRate("epsilon", epsilon);
    this.accBeta1 = f32(beta1);
    this.accBeta2 = f32(beta2);
  }

  protected override beforeStep(): void {
    this.oneMinusAccBeta1 = f32(1 - this.accBeta1);
    this.oneMinusAccBeta2 = f32(1 - this.accBeta2);
  }

  protected override afterStep(): void {
    this.accBeta1 = f32(this.accBeta1 * f32(this.beta1));
    this.accBeta2 = f32(this.accBeta2 * f32(this.beta2));
  }

  protected update(name: string, value: Float32Array, grad: Float32Array, next: Float32Array): void {
    let state = this.moments.get(name);
    if (!state || state.m.length !== value.length) {
      state = { m: new Float32Array(value.length), v: new Float32Array(value.length) };
      this.moments.set(name, state);
    }
    const { m, v } = state;
    const b1 = f32(this.beta1);
    const b2 = f32(this.beta2);
    const oneMinusB1 = f32(1 - this.beta1);
    const oneMinusB2 = f32(1 - this.beta2);
    const eps = f32(this.epsilon);
    const c = f32(-this.learningRate);
    const { oneMinusAccBeta1, oneMinusAccBeta2 } = this;
    for (let i = 0; i < next.length; i++) {
      const g = grad[i]!;
      const mi = f32(f32(m[i]! * b1) + f32(g * oneMinusB1));
      const vi = f32(f32(v[i]! * b2) + f32(f32(g * g) * oneMinusB2));
      m[i] = mi;
      v[i] = vi;
      const mHat = f32(mi / oneMinusAccBeta1);
      const vHat = f32(vi / oneMinusAccBeta2);
      const step = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + eps)) * c);
      next[i] = value[i]! + step;
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
