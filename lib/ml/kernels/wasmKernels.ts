/**
 * Loads the WebAssembly recurrent kernels (compiled from assembly/kernels.ts, embedded as base64 so every bundle and
 * runtime gets them without a fetch) and wraps them in the same interface as the JS kernels.
 */
import type { BackwardLayout, KernelVariant, LayerDims, RecurrentKernels, SlotLayout } from "./layout";
import { KERNELS_RELAXED_SIMD_WASM_BASE64 } from "./wasm/kernelsRelaxedSimd";
import { KERNELS_SCALAR_WASM_BASE64 } from "./wasm/kernelsScalar";
import { KERNELS_SIMD_WASM_BASE64 } from "./wasm/kernelsSimd";

export type WasmKernelVariant = Exclude<KernelVariant, "js">;

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  forward(...args: number[]): void;
  backward(...args: number[]): void;
}

const CELL_CODE = { RNN: 0, LSTM: 1, GRU: 2 } as const;
const PAGE_BYTES = 65536;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

const SOURCES: Record<WasmKernelVariant, string> = {
  wasm: KERNELS_SCALAR_WASM_BASE64,
  "wasm-simd": KERNELS_SIMD_WASM_BASE64,
  "wasm-relaxed-simd": KERNELS_RELAXED_SIMD_WASM_BASE64,
};
const decoded = new Map<WasmKernelVariant, Uint8Array<ArrayBuffer>>();
function moduleBytes(variant: WasmKernelVariant): Uint8Array<ArrayBuffer> {
  let bytes = decoded.get(variant);
  if (!bytes) decoded.set(variant, (bytes = decode(SOURCES[variant])));
  return bytes;
}

export function webAssemblyAvailable(): boolean {
  return typeof WebAssembly === "object" && typeof WebAssembly.instantiate === "function";
}

/**
 * Whether this runtime accepts a build: validating the module itself is the feature test. Fixed-width SIMD: Chrome
 * 91+, Firefox 89+, Safari 16.4+, Node 16+. Relaxed SIMD: Chrome 114+, Firefox 145+; Node 20 only with
 * --experimental-wasm-relaxed-simd.
 */
export function wasmVariantSupported(variant: WasmKernelVariant): boolean {
  return webAssemblyAvailable() && WebAssembly.validate(moduleBytes(variant));
}

export function wasmSimdSupported(): boolean {
  return wasmVariantSupported("wasm-simd");
}

const compiled = new Map<WasmKernelVariant, WebAssembly.Module>();

/**
 * Compiles a build ahead of time, so that `createWasmKernelsSync` works on a browser's main thread too (browsers
 * refuse to compile modules over 4 KB synchronously there; Web Workers and Node do not).
 */
export async function precompileWasmKernels(variant: WasmKernelVariant): Promise<void> {
  if (!wasmVariantSupported(variant)) throw new Error(`this runtime cannot run the ${variant} kernels`);
  if (!compiled.has(variant)) compiled.set(variant, await WebAssembly.compile(moduleBytes(variant)));
}

export async function createWasmKernels(variant: WasmKernelVariant): Promise<RecurrentKernels> {
  await precompileWasmKernels(variant);
  return createWasmKernelsSync(variant);
}

/** Instantiates a build now: in a Web Worker or Node, or anywhere after `precompileWasmKernels`. */
export function createWasmKernelsSync(variant: WasmKernelVariant): RecurrentKernels {
  let wasmModule = compiled.get(variant);
  if (!wasmModule) {
    if (!wasmVariantSupported(variant)) throw new Error(`this runtime cannot run the ${variant} kernels`);
    wasmModule = new WebAssembly.Module(moduleBytes(variant));
    compiled.set(variant, wasmModule);
  }
  const wasm = new WebAssembly.Instance(wasmModule, {}).exports as unknown as KernelExports;
  const base = wasm.heapBase();
  const viewHeap = () => new Float32Array(wasm.memory.buffer, base, (wasm.memory.buffer.byteLength - base) >> 2);
  // The module declares only the memory its static data needs; start with a heap of at least one page.
  if (wasm.memory.buffer.byteLength < base + PAGE_BYTES) {
    wasm.memory.grow(Math.ceil((base + PAGE_BYTES - wasm.memory.buffer.byteLength) / PAGE_BYTES));
  }
  let heap = viewHeap();

  return {
    variant,
    get heap() {
      return heap;
    },
    reserve(floats: number) {
      const bytes = base + floats * 4;
      const buffer = wasm.memory.buffer;
      if (bytes > buffer.byteLength) {
        // Grow by at least half again, so a run of growing shapes does not grow page by page.
        const pages = Math.ceil((Math.max(bytes, buffer.byteLength * 1.5) - buffer.byteLength) / PAGE_BYTES);
        wasm.memory.grow(pages);
      }
      if (heap.buffer !== wasm.memory.buffer) heap = viewHeap();
    },
    forward(d: LayerDims, s: SlotLayout) {
      wasm.forward(
        CELL_CODE[d.cell], d.relu ? 1 : 0, d.batch, d.steps, d.inputSize, d.hiddenSize,
        s.x, s.weightIh, s.weightHh, s.biasIh, s.biasHh, s.weightHhT, s.weightIhT,
        s.xT, s.gates, s.hs, s.cs, s.aux, s.out,
      );
    },
    backward(d: LayerDims, s: SlotLayout, g: BackwardLayout) {
      wasm.backward(
        CELL_CODE[d.cell], d.relu ? 1 : 0, d.batch, d.steps, d.inputSize, d.hiddenSize,
        s.weightIh, s.weightHh, s.xT, s.gates, s.hs, s.cs, s.aux,
        g.dy, g.dGates, g.dHidden, g.dh, g.dc,
        g.dWeightIh, g.dWeightHh, g.dBiasIh, g.dBiasHh, g.dxT, g.dx,
      );
    },
  };
}
