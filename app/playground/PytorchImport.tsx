"use client";
/**
 * "Import a model trained in PyTorch": the three-line snippet, an .npz upload read and checked in the browser
 * (refusals name the array and the problem, and change nothing), the RNN's activation where the weights cannot
 * tell, then the model scored on the form's data settings like a browser run and saved in History as an
 * imported run. The engine is loaded on demand: the Playground's own training runs in its worker.
 */
import Link from "next/link";
import { useState, type ChangeEvent } from "react";
import { RolloutGrid } from "@/app/components/charts/RolloutGrid";
import { checkTrainingConfig, type TrainingConfig } from "@/lib/ml/config";
import { NPZ_MAX_BYTES } from "@/lib/ml/pytorch/npz";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { NpzError, npzProblemText, type NpzProblem } from "@/lib/ml/pytorch/problems";
import type { StateDictUpload } from "@/lib/ml/pytorch/import";
import type { Nonlinearity } from "@/lib/ml/recurrent";
import { IMPORT_SNIPPET } from "@/lib/ml/pytorch/snippet";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";

const buttonClass =
  "rounded-md bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50";

interface Scored {
  series: number[];
  window: number;
  rollout: number[];
  rolloutMse: number;
  trainMse: number;
  valMse: number | null;
}

type SaveState = { phase: "saving" } | { phase: "saved"; runId: string } | { phase: "failed"; error: ErrorBody };

/** Why the import stopped: the file (worded from the problem's code and values), the form, or the engine (a technical detail). */
type ImportProblem = { npz: NpzProblem } | { fixSettings: true } | { detail: string };

/** `stored`: the values of the user's own uploaded series when the settings name one. */
export function PytorchImport({ settings, stored, classroomId, browserRunId }: { settings: TrainingConfig; stored?: readonly number[]; classroomId: string | null; browserRunId: string | null }) {
  const { m, fmt, describe } = useI18n();
  const t = m.pytorch.import;
  const [upload, setUpload] = useState<StateDictUpload | null>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [busy, setBusy] = useState<"reading" | "scoring" | null>(null);
  const [nonlinearity, setNonlinearity] = useState<Nonlinearity>("tanh");
  const [scored, setScored] = useState<Scored | null>(null);
  const [save, setSave] = useState<SaveState | null>(null);

  // Counts and sizes the reader's way (12,582,912 bytes); array names and shapes stay as NumPy writes them.
  const localNumbers = (values: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === "number" && Number.isInteger(value) ? fmt.integer(value) : value]));

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setUpload(null);
    setScored(null);
    setSave(null);
    setProblem(null);
    if (!file) return;
    if (file.size > NPZ_MAX_BYTES) return setProblem({ npz: { kind: "too_large", bytes: file.size, maxBytes: NPZ_MAX_BYTES } });
    setBusy("reading");
    try {
      const { readStateDictUpload } = await import("@/lib/ml/pytorch/import");
      setUpload(readStateDictUpload(new Uint8Array(await file.arrayBuffer())));
    } catch (error) {
      if (!(error instanceof NpzError)) throw error;
      setProblem({ npz: error.problem });
    } finally {
      setBusy(null);
    }
  };

  const scoreAndSave = async () => {
    if (!upload) return;
    const checked = checkTrainingConfig(settings);
    if (!checked.ok) return setProblem({ fixSettings: true });
    setProblem(null);
    setBusy("scoring");
    setSave(null);
    try {
      const [tf, { evaluateImport, importedModel, importRunRequest }, { fusedRecurrentLayer }, { datasetSeries }] = await Promise.all([
        import("@tensorflow/tfjs"),
        import("@/lib/ml/pytorch/import"),
        import("@/lib/ml/kernels/index"),
        import("@/lib/data/source"),
      ]);
      // float32 on the CPU, as PyTorch computes and as the round-trip test checks.
      await tf.setBackend("cpu");
      const imported = importedModel(upload, nonlinearity);
      const config = { ...checked.config, model: imported.model };
      const series = datasetSeries(config.dataset, stored);
      const evaluation = evaluateImport(imported.params, config, series, fusedRecurrentLayer);
      setScored({
        series: Array.from(series),
        window: config.window,
        rollout: Array.from(evaluation.rollout),
        rolloutMse: evaluation.rolloutMse,
        trainMse: evaluation.trainMse,
        valMse: evaluation.valMse,
      });
      setSave({ phase: "saving" });
      const result = await api.runs.import({ body: importRunRequest(imported, checked.config, evaluation, classroomId) });
      setSave(result.ok ? { phase: "saved", runId: result.data.runId } : { phase: "failed", error: result.error });
    } catch (thrown) {
      // The engine failed in this page: a technical detail, kept as the browser said it.
      setProblem({ detail: thrown instanceof Error ? thrown.message : String(thrown) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="pytorch-import-title" data-testid="pytorch-import">
      <h2 id="pytorch-import-title" className="text-base font-semibold text-slate-900">
        {t.title}
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-slate-700">{t.intro}</p>
      <figure className="mt-3">
        <figcaption className="text-xs font-medium text-slate-700">{t.snippetLabel}</figcaption>
        <pre tabIndex={0} className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-50" data-testid="import-snippet">
          <code>{IMPORT_SNIPPET}</code>
        </pre>
      </figure>
      <div className="mt-3 flex flex-wrap items-end gap-4">
        <label className="block text-sm font-medium text-slate-800">
          {t.file}
          <input type="file" accept=".npz" className="mt-1 block text-sm" onChange={onFile} disabled={busy !== null} data-testid="import-file" />
        </label>
        {upload?.inferred.cell === "RNN" && (
          <label className="block text-sm font-medium text-slate-800">
            {t.nonlinearity}
            <select
              className="mt-1 block rounded-md border border-slate-500 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700"
              value={nonlinearity}
              onChange={(e) => setNonlinearity(e.target.value as Nonlinearity)}
              data-testid="import-nonlinearity"
            >
              <option value="tanh">{m.playground.form.nonlinearities.tanh}</option>
              <option value="relu">{m.playground.form.nonlinearities.relu}</option>
            </select>
          </label>
        )}
        {upload && (
          <button type="button" className={buttonClass} onClick={scoreAndSave} disabled={busy !== null} data-testid="import-submit">
            {busy === "scoring" ? t.scoring : t.submit}
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className="mt-2 text-sm text-slate-800" data-testid="import-found">
        {busy === "reading"
          ? t.reading
          : upload
            ? format(t.found, { cell: upload.inferred.cell, layers: fmt.integer(upload.inferred.layers), hidden: fmt.integer(upload.inferred.hidden) })
            : ""}
      </p>
      {problem && (
        <p role="alert" className="mt-2 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900" data-testid="import-problem">
          {"npz" in problem
            ? npzProblemText(problem.npz, t.problems, (template, values) => format(template, localNumbers(values)))
            : "fixSettings" in problem
              ? t.fixSettings
              : problem.detail}
        </p>
      )}
      {scored && (
        <div className="mt-4 space-y-2" data-testid="import-result">
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-800">
            {scored.valMse !== null && <div data-testid="import-score">{format(t.validation, { loss: fmt.loss(scored.valMse) })}</div>}
            <div>{format(t.training, { loss: fmt.loss(scored.trainMse) })}</div>
          </dl>
          <RolloutGrid
            truth={scored.series}
            window={scored.window}
            panels={[{ epoch: 1, predicted: scored.rollout, mse: scored.rolloutMse }]}
            labels={{
              title: t.resultTitle,
              intro: t.resultIntro,
              correct: m.playground.charts.correct,
              predicted: m.playground.charts.predicted,
              caption: (_, mse) => format(m.pytorch.importedCaption, { mse: fmt.loss(mse) }),
              pending: () => "",
            }}
          />
          {save && (
            <p className="text-sm text-slate-800" data-testid="import-saved" data-phase={save.phase}>
              {save.phase === "failed" ? format(t.saveFailed, { message: describe(save.error) }) : save.phase === "saving" ? t.saving : t.saved}
              {save.phase === "saved" && (
                <>
                  <Link href={`/runs/${save.runId}`} className="ml-2 font-medium text-blue-800 underline hover:text-blue-950">
                    {t.open}
                  </Link>
                  {browserRunId && (
                    <Link href={`/history/compare?ids=${browserRunId},${save.runId}`} className="ml-3 font-medium text-blue-800 underline hover:text-blue-950">
                      {t.compare}
                    </Link>
                  )}
                </>
              )}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
