"use client";
/**
 * The training settings, defaulting to the seed lesson. Native inputs (labels, keyboard, screen readers work as
 * users expect); limits come from the config schema so the form and the engine agree.
 */
import { useId, type ReactNode } from "react";
import { SERIES_PRESETS } from "@/lib/data/series";
import { LIMITS, OPTIMIZER_DEFAULTS, type OptimizerConfig, type TrainingConfig } from "@/lib/ml/config";
import type { BackendChoice } from "@/lib/ml/worker-protocol";
import { useI18n } from "../_lib/i18n";

export interface ConfigFormProps {
  draft: TrainingConfig;
  backend: BackendChoice;
  disabled: boolean;
  onChange: (draft: TrainingConfig) => void;
  onBackendChange: (backend: BackendChoice) => void;
  onReset: () => void;
}

const inputClass =
  "mt-1 block w-full rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700 disabled:bg-slate-100 disabled:text-slate-600";

function Field({ label, children, id }: { label: string; children: (id: string) => ReactNode; id?: string }) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children(fieldId)}
    </div>
  );
}

function NumberField({ label, value, onChange, min, max, step, name }: { label: string; value: number; onChange: (v: number) => void; min: number; max: number; step: number | "any"; name: string }) {
  return (
    <Field label={label}>
      {(id) => (
        <input
          id={id}
          name={name}
          type="number"
          inputMode="decimal"
          className={inputClass}
          value={Number.isNaN(value) ? "" : value}
          min={min}
          max={max}
          step={step}
          // valueAsNumber is NaN for an empty field; the config check then names the field.
          onChange={(e) => onChange(e.currentTarget.valueAsNumber)}
        />
      )}
    </Field>
  );
}

function SelectField<T extends string>({ label, value, options, onChange, name }: { label: string; value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void; name: string }) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} name={name} className={inputClass} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
          {options.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const legendClass = "mb-2 text-sm font-semibold uppercase tracking-wide text-slate-700";

export function ConfigForm({ draft, backend, disabled, onChange, onBackendChange, onReset }: ConfigFormProps) {
  const t = useI18n().m.playground;
  const set = <K extends keyof TrainingConfig>(key: K, value: TrainingConfig[K]) => onChange({ ...draft, [key]: value });
  const model = (change: Partial<TrainingConfig["model"]>) => set("model", { ...draft.model, ...change });
  const dataset = (change: Partial<TrainingConfig["dataset"]>) => set("dataset", { ...draft.dataset, ...change });
  const optimizer = (change: Partial<OptimizerConfig>) => set("optimizer", { ...draft.optimizer, ...change } as OptimizerConfig);

  return (
    <fieldset disabled={disabled} className="space-y-5">
      <fieldset>
        <legend className={legendClass}>{t.form.legendModel}</legend>
        <div className="grid grid-cols-2 items-end gap-3">
          <SelectField name="cell" label={t.form.cell} value={draft.model.cell} options={(["RNN", "LSTM", "GRU"] as const).map((c) => [c, t.form.cells[c]] as const)} onChange={(cell) => model({ cell })} />
          {draft.model.cell === "RNN" && (
            <SelectField name="nonlinearity" label={t.form.nonlinearity} value={draft.model.nonlinearity} options={(["tanh", "relu"] as const).map((n) => [n, t.form.nonlinearities[n]] as const)} onChange={(nonlinearity) => model({ nonlinearity })} />
          )}
          <NumberField name="layers" label={t.form.layers} value={draft.model.layers} min={LIMITS.layers.min} max={LIMITS.layers.max} step={1} onChange={(layers) => model({ layers })} />
          <NumberField name="hidden" label={t.form.hidden} value={draft.model.hidden} min={LIMITS.hidden.min} max={LIMITS.hidden.max} step={1} onChange={(hidden) => model({ hidden })} />
        </div>
      </fieldset>

      <fieldset>
        <legend className={legendClass}>{t.form.legendOptimizer}</legend>
        <div className="grid grid-cols-2 items-end gap-3">
          <SelectField
            name="optimizer"
            label={t.form.optimizer}
            value={draft.optimizer.kind}
            options={(["sgd", "momentum", "adam"] as const).map((k) => [k, t.form.optimizers[k]] as const)}
            onChange={(kind) => set("optimizer", { ...OPTIMIZER_DEFAULTS[kind] })}
          />
          <NumberField name="learningRate" label={t.form.learningRate} value={draft.optimizer.learningRate} min={0} max={LIMITS.learningRate.max} step="any" onChange={(learningRate) => optimizer({ learningRate })} />
          {draft.optimizer.kind === "momentum" && (
            <NumberField name="momentum" label={t.form.momentum} value={draft.optimizer.momentum} min={0} max={0.999} step="any" onChange={(momentum) => optimizer({ momentum })} />
          )}
          <NumberField name="batchSize" label={t.form.batchSize} value={draft.batchSize} min={LIMITS.batchSize.min} max={LIMITS.batchSize.max} step={1} onChange={(v) => set("batchSize", v)} />
        </div>
      </fieldset>

      <fieldset>
        <legend className={legendClass}>{t.form.legendData}</legend>
        <div className="grid grid-cols-2 items-end gap-3">
          <div className="col-span-2">
            <SelectField name="preset" label={t.form.preset} value={draft.dataset.preset} options={SERIES_PRESETS.map((p) => [p, t.form.presets[p]] as const)} onChange={(preset) => dataset({ preset })} />
          </div>
          <NumberField name="length" label={t.form.length} value={draft.dataset.length} min={LIMITS.seriesLength.min} max={LIMITS.seriesLength.max} step={1} onChange={(length) => dataset({ length })} />
          <NumberField name="noise" label={t.form.noise} value={draft.dataset.noise} min={LIMITS.noise.min} max={LIMITS.noise.max} step="any" onChange={(noise) => dataset({ noise })} />
          <NumberField name="window" label={t.form.window} value={draft.window} min={LIMITS.window.min} max={LIMITS.window.max} step={1} onChange={(v) => set("window", v)} />
          <NumberField name="dataSeed" label={t.form.dataSeed} value={draft.dataset.seed} min={0} max={2 ** 32 - 1} step={1} onChange={(seed) => dataset({ seed })} />
        </div>
      </fieldset>

      <fieldset>
        <legend className={legendClass}>{t.form.legendSchedule}</legend>
        <div className="grid grid-cols-2 items-end gap-3">
          <NumberField name="epochs" label={t.form.epochs} value={draft.epochs} min={LIMITS.epochs.min} max={LIMITS.epochs.max} step={1} onChange={(v) => set("epochs", v)} />
          <NumberField name="rolloutEvery" label={t.form.rolloutEvery} value={draft.rolloutEvery} min={LIMITS.rolloutEvery.min} max={LIMITS.rolloutEvery.max} step={1} onChange={(v) => set("rolloutEvery", v)} />
          <NumberField name="validationFraction" label={t.form.validationFraction} value={draft.validationFraction} min={0} max={LIMITS.validationFraction.max} step={0.05} onChange={(v) => set("validationFraction", v)} />
          <NumberField name="seed" label={t.form.seed} value={draft.seed} min={0} max={2 ** 32 - 1} step={1} onChange={(v) => set("seed", v)} />
          <div className="col-span-2">
            <SelectField name="backend" label={t.form.backend} value={backend} options={(["auto", "wasm", "webgl", "cpu"] as const).map((b) => [b, t.form.backends[b]] as const)} onChange={onBackendChange} />
          </div>
        </div>
      </fieldset>

      <button type="button" onClick={onReset} className="text-sm font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
        {t.form.reset}
      </button>
    </fieldset>
  );
}
