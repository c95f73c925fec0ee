/**
 * Fused recurrent layers: the public face of lib/ml/kernels.
 *
 * `fusedRecurrentLayer` is a drop-in `RecurrentLayerFn`. It starts on the JS kernels (always available, synchronous)
 * and moves to the fastest WebAssembly build once `prepareFusedKernels()` has loaded and timed them. Engines that
 * calibrate whole training steps themselves use `fusedLayerCandidates()` instead: one layer function per kernel
 * variant this runtime supports.
 */
import * as tf from "@tensorflow/tfjs";
import type { RecurrentLayerFn } from "../recurrent";
import { FusedRecurrentRunner } from "./fusedRecurrent";
import { createJsKernels } from "./jsKernels";
import { backwardLayout, slotLayout, type KernelVariant, type LayerDims, type RecurrentKernels } from "./layout";
import { createWasmKernels, createWasmKernelsSync, wasmVariantSupported } from "./wasmKernels";

export { FusedRecurrentRunner } from "./fusedRecurrent";
export { FusedAdamOptimizer, FusedMomentumOptimizer, FusedSgdOptimizer } from "./fusedOptimizers";
export { linearMseLoss } from "./fusedHead";
export { lastTimeStep } from "./lastTimeStep";
export type { KernelVariant } from "./layout";

/** Fastest first, as measured on the team's machines; calibration decides for the machine at hand. */
export function supportedKernelVariants(): KernelVariant[] {
  const wasm = (["wasm-relaxed-simd", "wasm-simd", "wasm"] as const).filter((v) => wasmVariantSupported(v));
  return [...wasm, "js"];
}

export async function createKernels(variant: KernelVariant): Promise<RecurrentKernels> {
  switch (variant) {
    case "js":
      return createJsKernels();
    default:
      return createWasmKernels(variant);
  }
}

/** Kernels of one variant, created now (WebAssembly builds compile synchronously: fine in Workers and Node). */
export function createKernelsSync(variant: KernelVariant): RecurrentKernels {
  return variant === "js" ? createJsKernels() : createWasmKernelsSync(variant);
}

export interface FusedLayerImplementation {
  /** e.g. "fused-wasm-simd" */
  name: string;
  variant: KernelVariant;
  layer: RecurrentLayerFn;
}

/**
 * One fused layer implementation per kernel variant this runtime supports, ready synchronously: each creates its
 * kernels (and heap) on its first call. Shaped like the engine's `LayerImplementation`, so the list can be appended
 * to its calibration candidates as is. In a browser's main thread, call `prepareFusedKernels` first (it compiles the
 * WebAssembly builds asynchronously); training runs in a Worker, where this is not needed.
 */
export function fusedLayerImplementations(): FusedLayerImplementation[] {
  return supportedKernelVariants().map((variant) => {
    let runner: FusedRecurrentRunner | undefined;
    return {
      name: `fused-${variant}`,
      variant,
      layer: (x, params, spec) => (runner ??= new FusedRecurrentRunner(createKernelsSync(variant))).layer(x, params, spec),
    };
  });
}

/** Where the fused path pays off: backends that hand the kernels typed arrays cheaply (webgl would read back every tensor). */
export const FUSED_BACKENDS = ["cpu", "wasm"] as const;

/**
 * Whether the current tfjs backend is one of `FUSED_BACKENDS`, where the small fused ops around the layer
 * (`lastTimeStep`, `linearMseLoss`, the fused optimisers) beat tfjs's ops.
 */
export function usesFusedOps(): boolean {
  return (FUSED_BACKENDS as readonly string[]).includes(tf.getBackend());
}

/**
 * The fused implementations worth calibrating: where a SIMD build runs, the scalar WebAssembly and JS kernels are
 * 3–10× slower in every cell we measured (bench/README.md), so timing them would only lengthen calibration; they
 * remain the candidates where SIMD is missing. Restricted to `FUSED_BACKENDS`.
 */
export function fusedCalibrationCandidates(): (FusedLayerImplementation & { backends: readonly ("cpu" | "wasm")[] })[] {
  const all = fusedLayerImplementations();
  const simd = all.filter((i) => i.variant === "wasm-simd" || i.variant === "wasm-relaxed-simd");
  return (simd.length > 0 ? simd : all).map((i) => ({ ...i, backends: FUSED_BACKENDS }));
}

export interface FusedLayerCandidate {
  /** e.g. "fused-wasm-simd" */
  name: string;
  variant: KernelVariant;
  layer: RecurrentLayerFn;
}

/** One fused layer function per supported kernel variant, each with its own heap. */
export async function fusedLayerCandidates(): Promise<FusedLayerCandidate[]> {
  const out: FusedLayerCandidate[] = [];
  for (const variant of supportedKernelVariants()) {
    const runner = new FusedRecurrentRunner(await createKernels(variant));
    out.push({ name: `fused-${variant}`, variant, layer: runner.layer });
  }
  return out;
}

/** Target length of one calibration sample, in milliseconds. */
const SAMPLE_MS = 1;

export interface KernelTiming {
  variant: KernelVariant;
  /**
   * Fastest observed time of one forward plus one backward pass, in the unit of `now`. The minimum, not the mean:
   * on a shared machine other processes only ever add time, so the minimum is the steadiest estimate of a kernel's
   * own cost.
   */
  best: number;
}

/**
 * Times a forward and a backward pass of each kernel variant on a layer of the given shape (values are arbitrary:
 * the kernels' cost does not depend on them) and returns the timings, fastest first. `now` is the caller's clock
 * (performance.now in practice); lib code does not read clocks itself.
 */
export async function calibrateKernels(
  dims: LayerDims,
  now: () => number,
  { repeats = 7, variants = supportedKernelVariants() }: { repeats?: number; variants?: KernelVariant[] } = {},
): Promise<KernelTiming[]> {
  const timings: KernelTiming[] = [];
  for (const variant of variants) {
    const kernels = await createKernels(variant);
    const s = slotLayout(dims, 0);
    const g = backwardLayout(dims, s.size);
    kernels.reserve(s.size + g.size);
    const heap = kernels.heap;
    for (let i = 0; i < s.size + g.size; i++) heap[i] = ((i * 7919) % 2003) / 2003 - 0.5;
    // Two untimed passes: the first compiles (JS) or tiers up (WebAssembly). The second also sizes the samples:
    // browsers coarsen performance.now() to 0.1 ms without cross-origin isolation, so each sample runs enough
    // passes to last about a millisecond.
    kernels.forward(dims, s);
    kernels.backward(dims, s, g);
    const start = now();
    kernels.forward(dims, s);
    kernels.backward(dims, s, g);
    const passes = Math.min(50, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(now() - start, 1e-3))));
    let best = Infinity;
    for (let r = 0; r < repeats; r++) {
      const t0 = now();
      for (let p = 0; p < passes; p++) {
        kernels.forward(dims, s);
        kernels.backward(dims, s, g);
      }
      best = Math.min(best, (now() - t0) / passes);
    }
    timings.push({ variant, best });
  }
  return timings.sort((a, b) => a.best - b.best);
}

let current = new FusedRecurrentRunner(createJsKernels());

/** The fused layer on the currently selected kernels (JS until `prepareFusedKernels` picks another). */
export const fusedRecurrentLayer: RecurrentLayerFn = (x, params, spec) => current.layer(x, params, spec);

/** Which kernels `fusedRecurrentLayer` runs on now. */
export function selectedKernelVariant(): KernelVariant {
  return current.kernels.variant;
}

/**
 * Loads the WebAssembly kernels and points `fusedRecurrentLayer` at the fastest variant for a layer of this shape
 * (the seed's by default). Returns the timings it decided on.
 */
export async function prepareFusedKernels(
  now: () => number,
  dims: LayerDims = { cell: "LSTM", relu: false, batch: 8, steps: 30, inputSize: 1, hiddenSize: 64 },
): Promise<KernelTiming[]> {
  const timings = await calibrateKernels(dims, now);
  const best = timings[0]!.variant;
  if (best !== current.kernels.variant) current = new FusedRecurrentRunner(await createKernels(best));
  return timings;
}
