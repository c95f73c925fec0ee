/**
 * The tfjs half of `npm run bench:train`, identical in Node and in the browser: for each backend and cell, the
 * training engine with the implementation its calibration picks (plus each fused kernel variant and the plain-ops
 * layer on their own, for comparison) and the tf.layers + model.fit baseline, timed per epoch of the seed workload.
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendName, LayerImplementation } from "@/lib/ml/implementations";
import { fusedLayerImplementations } from "@/lib/ml/kernels/index";
import { opsRecurrentLayer } from "@/lib/ml/ops-recurrent-layer";
import type { CellType } from "@/lib/ml/recurrent";
import { calibrateEngine, timeEngine } from "./engineTrainer";
import { createLayersTrainer } from "./layersLoop";
import { CELLS, median, seedData } from "./workload";

export interface Measurement {
  impl: string;
  env: "node" | "chromium" | "python";
  backend: string;
  cell: CellType;
  msPerEpoch: number;
  [extra: string]: unknown;
}

export interface SuiteOptions {
  env: "node" | "chromium";
  backends: string[];
  cells?: CellType[];
  /** Epochs per timed round of the engine (three rounds, median reported). */
  engineEpochs: number;
  /** Timed epochs of tf.layers (median reported). */
  layersEpochs: number;
  /** Also time every kernel variant, not only the calibrated choice. */
  variants: boolean;
  now: () => number;
  report: (m: Measurement) => void;
}

export async function runTfjsSuite(o: SuiteOptions): Promise<void> {
  const data = seedData();
  for (const backend of o.backends) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
    await tf.ready();
    for (const cell of o.cells ?? CELLS) {
      const { best, entries } = await calibrateEngine(cell, backend as BackendName, o.now);
      const engine = await timeEngine(cell, best, o.engineEpochs, o.now);
      o.report({
        impl: "engine", env: o.env, backend, cell, msPerEpoch: round(engine.msPerEpoch),
        implementation: best.name, rounds: engine.rounds.map(round), finalLoss: round(engine.loss),
        calibrationMsPerStep: Object.fromEntries(entries.map((e) => [e.implementation, e.msPerStep === null ? null : round(e.msPerStep)])),
      });
      if (o.variants) {
        const others: LayerImplementation[] = [...fusedLayerImplementations(), { name: "ops", layer: opsRecurrentLayer }];
        for (const implementation of others) {
          // The JS kernels and plain ops are 5–100× slower; fewer epochs keep the run short without changing what
          // is measured (a mean over epochs of the same work).
          const slow = implementation.name === "fused-js" || implementation.name === "ops";
          const epochs = slow ? Math.max(1, Math.round(o.engineEpochs / (implementation.name === "ops" ? 15 : 5))) : o.engineEpochs;
          const v = await timeEngine(cell, implementation, epochs, o.now);
          o.report({ impl: `engine/${implementation.name}`, env: o.env, backend, cell, msPerEpoch: round(v.msPerEpoch), rounds: v.rounds.map(round) });
        }
      }
      const layers = createLayersTrainer(cell, data);
      await layers.epoch();
      const epochs: number[] = [];
      let loss = NaN;
      for (let e = 0; e < o.layersEpochs; e++) {
        const start = o.now();
        loss = await layers.epoch();
        epochs.push(o.now() - start);
      }
      layers.dispose();
      o.report({ impl: "tf.layers", env: o.env, backend, cell, msPerEpoch: round(median(epochs)), epochs: epochs.map(round), finalLoss: round(loss) });
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
