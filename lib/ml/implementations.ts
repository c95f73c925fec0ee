/**
 * The recurrent layer implementations the engine can train with, and the (backend, implementation) candidates
 * a calibration chooses from. A new implementation (the fused kernels of lib/ml/kernels) is one more entry in
 * `LAYER_IMPLEMENTATIONS`; the calibration, the worker, the CLI and the parity test pick it up from here.
 */
import { fusedCalibrationCandidates } from "./kernels/index";
import { opsRecurrentLayer } from "./ops-recurrent-layer";
import type { RecurrentLayerFn } from "./recurrent";

export type BackendName = "cpu" | "wasm" | "webgl";

export interface LayerImplementation {
  /** Stable id shown in the UI and in CLI/benchmark output. */
  name: string;
  layer: RecurrentLayerFn;
  /** Backends it runs on; undefined means every backend (plain tfjs ops run anywhere). */
  backends?: readonly BackendName[];
}

export const OPS_IMPLEMENTATION: LayerImplementation = { name: "ops", layer: opsRecurrentLayer };

/**
 * Plain ops, and the fused kernels (one entry per kernel build worth timing on this runtime, e.g.
 * "fused-wasm-relaxed-simd" in Chromium, "fused-wasm-simd" in Node; on the cpu and wasm backends).
 */
export const LAYER_IMPLEMENTATIONS: readonly LayerImplementation[] = [OPS_IMPLEMENTATION, ...fusedCalibrationCandidates()];

export interface Candidate {
  backend: BackendName;
  implementation: LayerImplementation;
}

/** Every (backend, implementation) pair that can run, backends in the given order. */
export function candidatesFor(
  backends: readonly BackendName[],
  implementations: readonly LayerImplementation[] = LAYER_IMPLEMENTATIONS,
): Candidate[] {
  return backends.flatMap((backend) =>
    implementations
      .filter((impl) => impl.backends === undefined || impl.backends.includes(backend))
      .map((implementation) => ({ backend, implementation })),
  );
}

export function findImplementation(name: string): LayerImplementation {
  const found = LAYER_IMPLEMENTATIONS.find((impl) => impl.name === name);
  if (!found) {
    throw new Error(`unknown layer implementation "${name}" (available: ${LAYER_IMPLEMENTATIONS.map((i) => i.name).join(", ")})`);
  }
  return found;
}
