/**
 * Where a fused layer keeps its numbers inside a kernel heap (one Float32 array: a JS array for the JS kernels, the
 * linear memory for the WebAssembly ones). Both kernel families receive these offsets as arguments instead of
 * computing their own, so the layout lives in exactly one place. All offsets are in float32 elements.
 *
 * Internally everything is time-major ([T][B][…]): one time step's batch is one contiguous block, which is what
 * the per-step matrix products and the gate loops walk through. Only the input `x` and the output `out` use the
 * caller's batch-major [B][T][…] layout.
 */
import { GATE_COUNT, type CellType } from "../recurrent";

export interface LayerDims {
  cell: CellType;
  /** The plain RNN cell's nonlinearity is ReLU (tanh otherwise; ignored by LSTM and GRU). */
  relu: boolean;
  batch: number;
  steps: number;
  inputSize: number;
  hiddenSize: number;
}

/** What the forward kernel reads and writes, and what the backward kernel needs from that forward. */
export interface SlotLayout {
  /** Input as given, [B][T][I]. */
  x: number;
  /** Parameter copies in PyTorch layout: [N][I], [N][H], [N], [N] with N = G·H. */
  weightIh: number;
  weightHh: number;
  biasIh: number;
  biasHh: number;
  /** Transposed copies for the forward products, which stream rows of W^T: [H][N] and [I][N]. */
  weightHhT: number;
  weightIhT: number;
  /** Input, time-major [T][B][I]. */
  xT: number;
  /** Gate values after their activation, [T][B][N]. RNN: h itself. */
  gates: number;
  /** Hidden states [T+1][B][H]; block 0 is the zero initial state, so block t is h_{t-1} of step t. */
  hs: number;
  /** LSTM cell states [T+1][B][H], block 0 zero (other cells: empty). */
  cs: number;
  /** LSTM: tanh(c_t); GRU: W_hn·h_{t-1} + b_hn (needed by the reset gate's gradient). [T][B][H]. */
  aux: number;
  /** Output, batch-major [B][T][H]. */
  out: number;
  /** Floats needed from the slot's base. */
  size: number;
}

/** Transient buffers of one backward call. */
export interface BackwardLayout {
  /** Incoming gradient of the output, [B][T][H]. */
  dy: number;
  /** Gradient of the input-side pre-activations, [T][B][N]. */
  dGates: number;
  /** Gradient of the hidden-side pre-activations, [T][B][N] (GRU only: differs from dGates in the n gate). */
  dHidden: number;
  /** Running gradient of h_{t-1} and (LSTM) c_{t-1}, [B][H]. */
  dh: number;
  dc: number;
  /** Parameter gradients in PyTorch layout. */
  dWeightIh: number;
  dWeightHh: number;
  dBiasIh: number;
  dBiasHh: number;
  /** Input gradient, time-major [T][B][I] then batch-major [B][T][I]. */
  dxT: number;
  dx: number;
  size: number;
}

/** Offsets are rounded up to 4 floats (16 bytes) so SIMD loads of whole rows start aligned when rows allow it. */
const ALIGN = 4;

function allocator(base: number) {
  let top = base;
  return {
    take(floats: number): number {
      const at = top;
      top += Math.ceil(floats / ALIGN) * ALIGN;
      return at;
    },
    used: () => top - base,
  };
}

export function slotLayout(d: LayerDims, base: number): SlotLayout {
  const { batch: B, steps: T, inputSize: I, hiddenSize: H } = d;
  const N = GATE_COUNT[d.cell] * H;
  const a = allocator(base);
  const layout = {
    x: a.take(B * T * I),
    weightIh: a.take(N * I),
    weightHh: a.take(N * H),
    biasIh: a.take(N),
    biasHh: a.take(N),
    weightHhT: a.take(H * N),
    weightIhT: a.take(I * N),
    xT: a.take(T * B * I),
    gates: a.take(T * B * N),
    hs: a.take((T + 1) * B * H),
    cs: a.take(d.cell === "LSTM" ? (T + 1) * B * H : 0),
    aux: a.take(d.cell === "RNN" ? 0 : T * B * H),
    out: a.take(B * T * H),
  };
  return { ...layout, size: a.used() };
}

export function backwardLayout(d: LayerDims, base: number): BackwardLayout {
  const { batch: B, steps: T, inputSize: I, hiddenSize: H } = d;
  const N = GATE_COUNT[d.cell] * H;
  const a = allocator(base);
  const layout = {
    dy: a.take(B * T * H),
    dGates: a.take(T * B * N),
    dHidden: a.take(d.cell === "GRU" ? T * B * N : 0),
    dh: a.take(B * H),
    dc: a.take(B * H),
    dWeightIh: a.take(N * I),
    dWeightHh: a.take(N * H),
    dBiasIh: a.take(N),
    dBiasHh: a.take(N),
    dxT: a.take(T * B * I),
    dx: a.take(B * T * I),
  };
  return { ...layout, size: a.used() };
}

/** The kernels themselves: a heap and the two passes over one layer. */
export interface RecurrentKernels {
  readonly variant: KernelVariant;
  /** The current view of the heap; replaced (not resized) when `reserve` grows it, so re-read after reserving. */
  readonly heap: Float32Array;
  /** Makes the heap hold at least `floats` elements, keeping its contents. */
  reserve(floats: number): void;
  /** Reads x and the parameters at `s`, writes every other field of `s`. */
  forward(d: LayerDims, s: SlotLayout): void;
  /** Reads a slot filled by `forward` with the same dims and `g.dy`; writes the gradients in `g`. */
  backward(d: LayerDims, s: SlotLayout, g: BackwardLayout): void;
}

export type KernelVariant = "js" | "wasm" | "wasm-simd" | "wasm-relaxed-simd";
