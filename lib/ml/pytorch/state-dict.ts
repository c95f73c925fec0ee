/**
 * The tutorial's `Model` (`self.rnn = nn.RNN/LSTM/GRU(..., num_layers, batch_first=True)`,
 * `self.output = nn.Linear(hidden, 1)`) has the `state_dict` names and shapes of `parameterSpecs`: the engine
 * keys its parameters by those very names, so the mapping is the identity on names and checks on shapes. This
 * file turns engine parameters into `.npz` arrays and back, and infers the architecture of an uploaded
 * `state_dict` from its names and shapes (all but an RNN's nonlinearity, which leaves no trace in the weights).
 */
import { LIMITS, type ModelConfig } from "../config";
import { parameterSpecs, sizeOf, type ParamValues } from "../model";
import { GATE_COUNT, type CellType } from "../recurrent";
import type { NpyArray } from "./npy";
import { NpzError, pythonShape } from "./problems";

/** The engine's parameters as the arrays of `model.state_dict()`, in PyTorch's order. */
export function stateDictArrays(model: ModelConfig, params: Readonly<Record<string, ArrayLike<number>>>): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const { name, shape } of parameterSpecs(model)) {
    const values = params[name];
    if (values === undefined || values.length !== sizeOf(shape)) throw new RangeError(`parameter ${name} is missing or has the wrong size`);
    arrays.set(name, { shape: [...shape], data: Float32Array.from(values) });
  }
  return arrays;
}

/** What an uploaded `state_dict` says about its model: everything but the nonlinearity. */
export type InferredModel = Omit<ModelConfig, "nonlinearity">;

const CELL_BY_GATES: Record<number, CellType> = Object.fromEntries(
  Object.entries(GATE_COUNT).map(([cell, gates]) => [gates, cell as CellType]),
);
const LAYER_PARAM = /^rnn\.(?:weight_ih|weight_hh|bias_ih|bias_hh)_l(\d+)$/;
const RECURRENT_SHAPES = "(H, H) for nn.RNN, (3H, H) for nn.GRU or (4H, H) for nn.LSTM";

/**
 * Cell, layers and hidden size from the recurrent layer's first `weight_hh` (its shape is (gates·H, H)) and the
 * highest layer index among the names. Only infers: `paramsFromStateDict` then checks every array against it.
 */
export function inferModel(arrays: ReadonlyMap<string, NpyArray>): InferredModel {
  const first = arrays.get("rnn.weight_hh_l0");
  if (!first) {
    const base = parameterSpecs({ cell: "RNN", nonlinearity: "tanh", layers: 1, hidden: 1 }).map((s) => s.name);
    throw new NpzError({ kind: "missing_arrays", names: base.filter((name) => !arrays.has(name)) });
  }
  const [rows, hidden] = first.shape;
  const cell = first.shape.length === 2 && hidden !== undefined && hidden > 0 && rows !== undefined ? CELL_BY_GATES[rows / hidden] : undefined;
  if (cell === undefined || hidden === undefined) {
    throw new NpzError({ kind: "wrong_shape", name: "rnn.weight_hh_l0", shape: first.shape, expected: RECURRENT_SHAPES });
  }
  if (hidden > LIMITS.hidden.max) throw new NpzError({ kind: "out_of_limits", what: "hidden", value: hidden, max: LIMITS.hidden.max });
  let layers = 1;
  for (const name of arrays.keys()) {
    const index = name.match(LAYER_PARAM)?.[1];
    if (index !== undefined) layers = Math.max(layers, Number(index) + 1);
  }
  if (layers > LIMITS.layers.max) throw new NpzError({ kind: "out_of_limits", what: "layers", value: layers, max: LIMITS.layers.max });
  return { cell, layers, hidden };
}

/**
 * The engine's parameters from a `state_dict` for this architecture: exactly its arrays (none missing, none
 * extra), each of its shape, every value finite (after conversion to float32, the precision the engine runs in).
 */
export function paramsFromStateDict(model: ModelConfig, arrays: ReadonlyMap<string, NpyArray>): ParamValues {
  const specs = parameterSpecs(model);
  const missing = specs.map((s) => s.name).filter((name) => !arrays.has(name));
  if (missing.length > 0) throw new NpzError({ kind: "missing_arrays", names: missing });
  const expected = new Set(specs.map((s) => s.name));
  const extra = [...arrays.keys()].filter((name) => !expected.has(name));
  if (extra.length > 0) throw new NpzError({ kind: "extra_arrays", names: extra });
  const params: ParamValues = {};
  for (const { name, shape } of specs) {
    const array = arrays.get(name) as NpyArray;
    if (array.shape.length !== shape.length || array.shape.some((n, i) => n !== shape[i])) {
      throw new NpzError({ kind: "wrong_shape", name, shape: array.shape, expected: pythonShape(shape) });
    }
    const index = array.data.findIndex((v) => !Number.isFinite(v));
    if (index >= 0) throw new NpzError({ kind: "non_finite", name, index, value: array.data[index] as number });
    params[name] = array.data;
  }
  return params;
}
