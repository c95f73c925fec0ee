/**
 * The recurrent layer implementation the scorer runs (tfjs cpu backend): the fastest fused build this runtime
 * has (LAYER_IMPLEMENTATIONS lists them fastest first), plain ops where none runs. bench:score compares the two.
 */
import { LAYER_IMPLEMENTATIONS, OPS_IMPLEMENTATION, type LayerImplementation } from "@/lib/ml/implementations";

export const SCORING_BACKEND = "cpu";

export const SCORING_IMPLEMENTATION: LayerImplementation =
  LAYER_IMPLEMENTATIONS.find((impl) => impl !== OPS_IMPLEMENTATION && impl.backends?.includes(SCORING_BACKEND)) ?? OPS_IMPLEMENTATION;
