/**
 * A stored setting's value as the Playground form names it ("SGD with momentum" for optimizer.kind "momentum"),
 * for the settings tables of run pages and comparisons. Numbers and names without a translation stay as stored.
 */
import type { Messages } from "./index";

export function settingValue(m: Messages, path: string, value: string): string {
  const form = m.playground.form;
  const named: Record<string, Record<string, string>> = {
    "optimizer.kind": form.optimizers,
    "model.nonlinearity": form.nonlinearities,
    "dataset.preset": form.presets,
    "dataset.scaling": m.data.upload.scalings,
    "dataset.source": { upload: m.validation.fields["dataset.datasetId"] },
  };
  return named[path]?.[value] ?? value;
}
