/**
 * What scoring reads from a race's rules (lib/race/rules.ts): kept to the fields scoring needs, so the scorer and
 * the board depend on the rules' shape, not on everything a race configures.
 */
import type { CellType } from "@/lib/ml/recurrent";
import type { DatasetConfig } from "@/lib/ml/config";

export interface ScoringRules {
  dataset: DatasetConfig;
  window: number;
  validationFraction: number;
  budget: { maxEpochs: number };
  allowedCells: readonly CellType[];
  maxLayers: number;
  maxHidden: number;
  /** Which hidden-data score ranks the private board. */
  metric: "one-step" | "rollout";
  submissions: { limit: number; counts: "best" | "last" };
  /** Points of the hidden continuation after the visible series. */
  hiddenLength: number;
}
