/**
 * The contract between the model (which stacks recurrent layers and a linear head) and the implementations of a
 * recurrent layer (plain tfjs ops, fused kernels). Everything here follows PyTorch's `nn.RNN`, `nn.LSTM` and
 * `nn.GRU`, so weights from PyTorch load unchanged and our numbers can be compared with PyTorch's one for one.
 */
import type * as tf from "@tensorflow/tfjs";

export type CellType = "RNN" | "LSTM" | "GRU";
export type Nonlinearity = "tanh" | "relu";

/**
 * Rows of the stacked gate matrices, in PyTorch's order:
 * RNN [h]; LSTM [i, f, g, o]; GRU [r, z, n] with n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
 */
export const GATE_COUNT: Readonly<Record<CellType, number>> = { RNN: 1, LSTM: 4, GRU: 3 };

/** One layer's parameters, named and shaped as PyTorch's `weight_ih_l{k}`, `weight_hh_l{k}`, `bias_ih_l{k}`, `bias_hh_l{k}`. */
export interface RecurrentLayerParams<T> {
  /** [G*H, I] */
  weightIh: T;
  /** [G*H, H] */
  weightHh: T;
  /** [G*H] */
  biasIh: T;
  /** [G*H] */
  biasHh: T;
}

export interface RecurrentLayerSpec {
  cell: CellType;
  /** Only used by the plain RNN cell (PyTorch's `nonlinearity`). */
  nonlinearity: Nonlinearity;
  inputSize: number;
  hiddenSize: number;
}

/**
 * Runs one layer over whole sequences from a zero initial state: x [B, T, I] → every hidden state [B, T, H].
 * Differentiable with respect to x and every parameter, so tfjs optimisers can train the parameters
 * (which stay `tf.Variable`s owned by the model).
 */
export type RecurrentLayerFn = (
  x: tf.Tensor3D,
  params: RecurrentLayerParams<tf.Tensor>,
  spec: RecurrentLayerSpec,
) => tf.Tensor3D;
