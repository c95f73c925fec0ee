/**
 * Plain SGD (p ← p − lr·g) as a tfjs Optimizer that updates each variable with one loop and one new tensor.
 * tfjs's own `tf.train.sgd` runs `add(mul(−lr, g), p)` per variable: two ops whose cpu-backend implementations cost
 * tens of nanoseconds per element (index arithmetic per element), more than the fused LSTM kernel at the seed's
 * sizes. The arithmetic is the same float32 expression, so results are bit-identical to `tf.train.sgd` (tested).
 */
import * as tf from "@tensorflow/tfjs";

export class FusedSgdOptimizer extends tf.Optimizer {
  static get className(): string {
    // Distinct from tfjs's 'SGD' so serialisation never confuses the two.
    return "LossRaceFusedSGD";
  }

  private readonly scale: number;

  constructor(readonly learningRate: number) {
    super();
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new Error(`learning rate must be a positive finite number, got ${learningRate}`);
    }
    // tfjs keeps −lr as a float32 scalar; so do we.
    this.scale = Math.fround(-learningRate);
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const pairs: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor])
      : Object.entries(variableGradients);
    for (const [name, gradient] of pairs) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      if (!variable) throw new Error(`no variable named ${name}`);
      if (variable.dtype !== "float32") throw new Error(`FusedSgdOptimizer updates float32 variables, ${name} is ${variable.dtype}`);
      const value = variable.dataSync() as Float32Array;
      const grad = gradient.dataSync() as Float32Array;
      const next = new Float32Array(value.length);
      const c = this.scale;
      // fround(c·g) is the float32 product; the float64 sum then rounds once to float32 on store, which equals the
      // float32 sum (double rounding is exact for + when the wide format has ≥ 2·24+2 bits).
      for (let i = 0; i < next.length; i++) next[i] = value[i]! + Math.fround(c * grad[i]!);
      const updated = tf.tensor(next, variable.shape, "float32");
      variable.assign(updated);
      updated.dispose();
    }
    this.incrementIterations();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate };
  }

  override async getWeights(): Promise<{ name: string; tensor: tf.Tensor }[]> {
    return [await this.saveIterations()];
  }

  override async setWeights(weightValues: { name: string; tensor: tf.Tensor }[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length !== 0) throw new Error("FusedSgdOptimizer has no state besides its iteration count");
  }
}
