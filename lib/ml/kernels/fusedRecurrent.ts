/**
 * A recurrent layer as one tfjs op: one kernel call for the forward pass over the whole sequence and one for its
 * backward pass (BPTT), instead of the hundreds of small ops a per-step formulation records on the tape.
 *
 * The forward pass leaves everything the backward pass needs (gate activations, states, transposed weights) in a
 * "slot" of the kernel heap. Slots are a cache, not a promise: a few are kept in least-recently-used order, and if
 * the backward pass finds its slot taken by later calls it recomputes the forward pass from the inputs tfjs kept
 * for it. So results never depend on how calls interleave, and the heap stays bounded.
 */
import * as tf from "@tensorflow/tfjs";
import { GATE_COUNT, type RecurrentLayerFn, type RecurrentLayerParams, type RecurrentLayerSpec } from "../recurrent";
import {
  backwardLayout,
  slotLayout,
  type LayerDims,
  type RecurrentKernels,
  type SlotLayout,
} from "./layout";

/** Training slots: a forward pass of each layer of a 3-layer model, with room for a few calls between. */
const TRAINING_SLOTS = 8;
/** Heap left behind by regions that had to move to grow; past this (and past the live size) everything restarts. */
const DEFAULT_MAX_WASTED_FLOATS = 1 << 22;

interface Region {
  base: number;
  capacity: number;
}

interface Slot extends Region {
  /** Which forward call the slot's contents belong to (0: none). */
  token: number;
  lastUse: number;
}

type ParamTensors = RecurrentLayerParams<tf.Tensor>;

export class FusedRecurrentRunner {
  private top = 0;
  private wasted = 0;
  private clock = 0;
  private readonly slots: Slot[] = Array.from({ length: TRAINING_SLOTS }, () => ({
    base: 0,
    capacity: 0,
    token: 0,
    lastUse: 0,
  }));
  private readonly inferenceSlot: Slot = { base: 0, capacity: 0, token: 0, lastUse: 0 };
  private readonly scratch: Region = { base: 0, capacity: 0 };
  /** How often a backward pass had to recompute its forward pass, and how often the heap was restarted (for tests). */
  recomputations = 0;
  restarts = 0;

  constructor(
    readonly kernels: RecurrentKernels,
    private readonly maxWastedFloats = DEFAULT_MAX_WASTED_FLOATS,
  ) {}

  readonly layer: RecurrentLayerFn = (x, params, spec) => {
    const d = dimsOf(x, params, spec);
    if (!tf.engine().isTapeOn()) {
      // Nothing will ask for gradients: no tape node, no saved inputs.
      const s = this.fill(this.inferenceSlot, d);
      this.runForward(d, s, x, params);
      return this.readTensor(s.out, [d.batch, d.steps, d.hiddenSize]) as tf.Tensor3D;
    }
    const op = tf.customGrad((...args: unknown[]) => {
      const [xs, weightIh, weightHh, biasIh, biasHh] = args as tf.Tensor[];
      const save = args[5] as tf.GradSaveFunc;
      const inputs: [tf.Tensor, ParamTensors] = [xs!, { weightIh: weightIh!, weightHh: weightHh!, biasIh: biasIh!, biasHh: biasHh! }];
      // tfjs disposes the forward pass's intermediate tensors before running gradients; the recomputation path
      // reads x, so x is kept. Parameters are variables (or their callers' tensors) and outlive the step.
      save([xs!]);
      let slot = this.acquire(d);
      let token = slot.token;
      this.runForward(d, slotLayout(d, slot.base), ...inputs);
      const value = this.readTensor(slotLayout(d, slot.base).out, [d.batch, d.steps, d.hiddenSize]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
        if (slot.token !== token) {
          this.recomputations++;
          slot = this.acquire(d);
          token = slot.token;
          this.runForward(d, slotLayout(d, slot.base), saved[0]!, inputs[1]);
        }
        const grads = this.runBackward(d, slotLayout(d, slot.base), dy, inputs[1]);
        // The slot's contents stay valid, but it is the first to be reused.
        slot.lastUse = 0;
        return grads;
      };
      return { value, gradFunc };
    });
    return op(x, params.weightIh, params.weightHh, params.biasIh, params.biasHh) as tf.Tensor3D;
  };

  private runForward(d: LayerDims, s: SlotLayout, x: tf.Tensor, p: ParamTensors): void {
    const k = this.kernels;
    const heap = k.heap;
    heap.set(x.dataSync() as Float32Array, s.x);
    heap.set(p.weightIh.dataSync() as Float32Array, s.weightIh);
    heap.set(p.weightHh.dataSync() as Float32Array, s.weightHh);
    heap.set(p.biasIh.dataSync() as Float32Array, s.biasIh);
    heap.set(p.biasHh.dataSync() as Float32Array, s.biasHh);
    k.forward(d, s);
  }

  private runBackward(d: LayerDims, s: SlotLayout, dy: tf.Tensor, p: ParamTensors): tf.Tensor[] {
    const layout = backwardLayout(d, 0);
    this.ensure(this.scratch, layout.size);
    const g = backwardLayout(d, this.scratch.base);
    const k = this.kernels;
    k.heap.set(dy.dataSync() as Float32Array, g.dy);
    k.backward(d, s, g);
    return [
      this.readTensor(g.dx, [d.batch, d.steps, d.inputSize]),
      this.readTensor(g.dWeightIh, p.weightIh.shape),
      this.readTensor(g.dWeightHh, p.weightHh.shape),
      this.readTensor(g.dBiasIh, p.biasIh.shape),
      this.readTensor(g.dBiasHh, p.biasHh.shape),
    ];
  }

  /** Copies a block of the heap into a new tensor (tfjs keeps the array it is given, so it must be a copy). */
  private readTensor(at: number, shape: number[]): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.tensor(this.kernels.heap.slice(at, at + size), shape, "float32");
  }

  /** The least recently used training slot, sized for `d` and stamped for a new forward call. */
  private acquire(d: LayerDims): Slot {
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.lastUse < slot.lastUse) slot = s;
    this.fill(slot, d);
    slot.token = ++this.clock;
    slot.lastUse = this.clock;
    return slot;
  }

  private fill(slot: Slot, d: LayerDims): SlotLayout {
    const size = slotLayout(d, 0).size;
    if (slot.capacity < size && this.wasted > this.maxWastedFloats && this.wasted > this.top - this.wasted) {
      this.restart();
    }
    this.ensure(slot, size);
    return slotLayout(d, slot.base);
  }

  private ensure(region: Region, size: number): void {
    if (region.capacity >= size) return;
    this.wasted += region.capacity;
    region.base = this.top;
    region.capacity = size;
    this.top += size;
    this.kernels.reserve(this.top);
  }

  /** Forgets every region; pending backward passes will find their slots gone and recompute. */
  private restart(): void {
    this.restarts++;
    this.top = 0;
    this.wasted = 0;
    for (const r of [...this.slots, this.inferenceSlot, this.scratch]) r.capacity = 0;
    for (const s of this.slots) s.token = 0;
  }
}

function dimsOf(x: tf.Tensor, p: ParamTensors, spec: RecurrentLayerSpec): LayerDims {
  const { cell, hiddenSize: H, inputSize: I } = spec;
  const N = GATE_COUNT[cell] * H;
  const expect = (what: string, t: tf.Tensor, shape: number[]) => {
    if (t.dtype !== "float32") throw new Error(`${what} must be float32, got ${t.dtype}`);
    if (t.shape.length !== shape.length || t.shape.some((v, i) => v !== shape[i])) {
      throw new Error(`${what} of a ${cell} layer (input ${I}, hidden ${H}) must have shape [${shape}], got [${t.shape}]`);
    }
  };
  if (x.rank !== 3) throw new Error(`input must be [batch, steps, features], got [${x.shape}]`);
  const [batch, steps] = x.shape as [number, number, number];
  expect("input", x, [batch, steps, I]);
  expect("weightIh", p.weightIh, [N, I]);
  expect("weightHh", p.weightHh, [N, H]);
  expect("biasIh", p.biasIh, [N]);
  expect("biasHh", p.biasHh, [N]);
  if (batch < 1 || steps < 1) throw new Error(`input must hold at least one step of one sequence, got [${x.shape}]`);
  return { cell, relu: spec.nonlinearity === "relu", batch, steps, inputSize: I, hiddenSize: H };
}
