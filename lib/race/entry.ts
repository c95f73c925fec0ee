/**
 * A student's race entry: the part of the training configuration they choose (model, optimiser, batch size,
 * epochs, seeds) combined with what the race fixes (dataset, window, validation split), checked against the
 * race's limits. The same function runs in the browser (the form explains what is not allowed) and on the
 * server (which refuses it).
 */
import { LIMITS, TrainingConfigSchema, type DatasetConfig, type TrainingConfig } from "@/lib/ml/config";

/** The subset of the race rules (lib/race/rules.ts) an entry is checked against. */
export interface EntryRules {
  dataset: DatasetConfig;
  window: number;
  validationFraction: number;
  budget: { maxEpochs: number | null; timeLimitSec: number | null };
  allowedCells: readonly string[];
  maxLayers: number;
  maxHidden: number;
}

export type EntryProblem =
  | { kind: "cell_not_allowed"; cell: string }
  | { kind: "too_many_layers"; max: number }
  | { kind: "too_many_hidden"; max: number }
  | { kind: "too_many_epochs"; max: number }
  | { kind: "race_settings_changed"; field: "dataset" | "window" | "validationFraction" }
  | { kind: "invalid_config"; problems: string[] };

/** The most epochs a run may train in this race. */
export function epochBudget(rules: Pick<EntryRules, "budget">): number {
  return rules.budget.maxEpochs ?? LIMITS.epochs.max;
}

/** A student's choices merged with the race's fixed settings. */
export function entryConfig(rules: EntryRules, choice: Omit<TrainingConfig, "dataset" | "window" | "validationFraction">): TrainingConfig {
  return { ...choice, dataset: { ...rules.dataset }, window: rules.window, validationFraction: rules.validationFraction };
}

function sameDataset(a: DatasetConfig, b: DatasetConfig): boolean {
  return a.preset === b.preset && a.length === b.length && a.noise === b.noise && a.seed === b.seed;
}

/** Every way `config` breaks the race's rules; empty when it may race. */
export function checkEntry(rules: EntryRules, config: unknown): EntryProblem[] {
  const parsed = TrainingConfigSchema.safeParse(config);
  if (!parsed.success) {
    return [{ kind: "invalid_config", problems: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }];
  }
  const c = parsed.data;
  const problems: EntryProblem[] = [];
  if (!rules.allowedCells.includes(c.model.cell)) problems.push({ kind: "cell_not_allowed", cell: c.model.cell });
  if (c.model.layers > rules.maxLayers) problems.push({ kind: "too_many_layers", max: rules.maxLayers });
  if (c.model.hidden > rules.maxHidden) problems.push({ kind: "too_many_hidden", max: rules.maxHidden });
  if (c.epochs > epochBudget(rules)) problems.push({ kind: "too_many_epochs", max: epochBudget(rules) });
  if (!sameDataset(c.dataset, rules.dataset)) problems.push({ kind: "race_settings_changed", field: "dataset" });
  if (c.window !== rules.window) problems.push({ kind: "race_settings_changed", field: "window" });
  if (c.validationFraction !== rules.validationFraction) problems.push({ kind: "race_settings_changed", field: "validationFraction" });
  return problems;
}
