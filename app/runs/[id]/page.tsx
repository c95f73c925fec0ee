"use client";
/** One run: curves, the rollout grid, configuration, score, downloads, tags and note, and "train again". */
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import { RolloutGrid } from "@/app/components/charts/RolloutGrid";
import type { ErrorBody } from "@/lib/errors";
import { csvHeader, toCsv } from "@/lib/history/csv";
import { configDiff } from "@/lib/history/config-diff";
import { CURVE_CSV_COLUMNS, curveCsvRows, whereLabel, type HistoryRunView } from "@/lib/history/views";
import { format } from "@/lib/i18n";
import { engineName } from "@/lib/i18n/names";
import { settingValue } from "@/lib/i18n/setting-value";
import { checkTrainingConfig } from "@/lib/ml/config";
import { FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import { useI18n } from "../../_lib/i18n";
import { HistoryTitle, pending, signedInIdPage, useApiResource } from "../../history/resource";
import { SettingName } from "../../history/SettingName";
import { buttonClass, cardClass, downloadCsv, downloadFile, inputClass, primaryButtonClass } from "../../history/ui";
import { buildPytorchZip } from "./pytorch-export";
import { useRunSeries } from "./use-run-series";

/** Why a download failed: the server's refusal, or the page's own zip building (a technical detail). */
type DownloadProblem = { error: ErrorBody } | { detail: string };

export default signedInIdPage(RunDetail);

function RunDetail({ id }: { id: string }) {
  const { m, fmt, describe } = useI18n();
  const t = m.history;
  const resource = useApiResource(api.runs.get, { id });
  const { data: detail, setData: setDetail } = resource;
  const [logScale, setLogScale] = useState(true);
  const [downloadError, setDownloadError] = useState<DownloadProblem | null>(null);
  const [exporting, setExporting] = useState(false);

  const series = useMemo<LossSeries[]>(() => {
    if (!detail) return [];
    const out: LossSeries[] = [{ id: "train", label: m.playground.charts.trainSeries, points: detail.curve.map((p) => ({ epoch: p.epoch, loss: p.trainLoss })) }];
    if (detail.curve.some((p) => p.valLoss !== null)) {
      out.push({ id: "validation", label: m.playground.charts.validationSeries, dashed: true, points: detail.curve.flatMap((p) => (p.valLoss === null ? [] : [{ epoch: p.epoch, loss: p.valLoss }])) });
    }
    return out;
  }, [detail, m]);

  const checked = useMemo(() => (detail ? checkTrainingConfig(detail.config) : null), [detail]);
  const { truth, stored } = useRunSeries(id, checked?.ok ? checked.config.dataset : null);

  if (!detail) return pending(resource);
  const { run } = detail;
  const stem = `run-${run.id.slice(0, 8)}`;
  const imported = run.kind === "imported";

  const downloadForPytorch = async () => {
    setExporting(true);
    setDownloadError(null);
    try {
      const result = await api.runs.weights({ id: run.id });
      if (!result.ok) return setDownloadError({ error: result.error });
      const zip = await buildPytorchZip(result.data.data, run.id, `${stem}-pytorch`, new Date(run.startedAt), stored);
      downloadFile(`${stem}-pytorch.zip`, zip, "application/zip");
    } catch (thrown) {
      // The zip is built here, in the page: its failure is a technical detail, kept as the browser said it.
      setDownloadError({ detail: thrown instanceof Error ? thrown.message : String(thrown) });
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <HistoryTitle title={format(t.run.title, { date: fmt.dateTime(run.startedAt) })} />
          <p className="text-slate-700">
            {whereLabel(run, t.playground, m.pytorch.importedLabel)} · {run.studentName} · {run.cell} {run.layers}×{run.hidden}
          </p>
          {imported && (
            <p className="mt-1 max-w-2xl text-sm text-slate-700" data-testid="imported-note">
              {m.pytorch.importedNote}
            </p>
          )}
        </div>
        {checked?.ok && (
          <Link href={`/playground?from=${run.id}`} className={primaryButtonClass} data-testid="train-again">
            {t.run.trainAgain}
          </Link>
        )}
      </header>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <section className={cardClass}>
            <LossChart
              series={series}
              logScale={logScale}
              onLogScaleChange={setLogScale}
              maxEpoch={run.epochs}
              labels={{ title: t.run.curveTitle, epochAxis: t.charts.epochAxis, lossAxis: t.charts.lossAxis, logScale: t.compare.logScale, noData: t.charts.noData }}
            />
          </section>
          <section className={cardClass}>
            {truth && detail.rollouts.length > 0 && checked?.ok ? (
              <RolloutGrid
                truth={truth}
                window={checked.config.window}
                panels={detail.rollouts}
                labels={{
                  title: t.run.rolloutTitle,
                  intro: t.run.rolloutIntro,
                  correct: m.playground.charts.correct,
                  predicted: m.playground.charts.predicted,
                  caption: (epoch, mse) =>
                    imported
                      ? format(m.pytorch.importedCaption, { mse: fmt.loss(mse) })
                      : format(m.playground.charts.rolloutCaption, { epoch: fmt.integer(epoch), mse: fmt.loss(mse) }),
                  pending: (epoch) => format(m.playground.charts.rolloutPending, { epoch: fmt.integer(epoch) }),
                }}
              />
            ) : (
              <p className="text-sm text-slate-700">{t.run.noRollouts}</p>
            )}
          </section>
        </div>

        <aside className="space-y-6">
          <Summary run={run} />
          <section className={cardClass} aria-labelledby="downloads">
            <h2 id="downloads" className="mb-2 font-semibold text-slate-900">
              {t.run.downloads}
            </h2>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className={buttonClass}
                disabled={!detail.hasWeights}
                title={detail.hasWeights ? undefined : t.run.noWeights}
                onClick={async () => {
                  const result = await api.runs.weights({ id: run.id });
                  if (!result.ok) return setDownloadError({ error: result.error });
                  setDownloadError(null);
                  const bytes = Uint8Array.from(atob(result.data.data), (c) => c.charCodeAt(0));
                  downloadFile(`${stem}.lrw`, bytes, "application/octet-stream");
                }}
              >
                {t.run.downloadWeights}
              </button>
              <button
                type="button"
                className={buttonClass}
                disabled={!detail.hasWeights || exporting}
                title={detail.hasWeights ? m.pytorch.exportHint : t.run.noWeights}
                aria-describedby="pytorch-export-hint"
                onClick={downloadForPytorch}
                data-testid="download-pytorch"
              >
                {exporting ? m.pytorch.exportPreparing : m.pytorch.exportButton}
              </button>
              <button type="button" className={buttonClass} onClick={() => downloadFile(`${stem}-curve.json`, JSON.stringify({ run: run.id, curve: detail.curve }, null, 1), "application/json")}>
                {t.run.downloadCurveJson}
              </button>
              <button type="button" className={buttonClass} onClick={() => downloadCsv(`${stem}-curve.csv`, toCsv(csvHeader(CURVE_CSV_COLUMNS, t.csv.curve), curveCsvRows(detail.curve)))}>
                {t.run.downloadCurveCsv}
              </button>
            </div>
            <p id="pytorch-export-hint" className="mt-2 text-xs text-slate-600">
              {m.pytorch.exportHint}
            </p>
            <FormError message={downloadError && ("error" in downloadError ? describe(downloadError.error) : format(m.pytorch.exportFailed, { message: downloadError.detail }))} />
          </section>
          {detail.editable && <Annotate run={run} onSaved={(next) => setDetail({ ...detail, run: next })} />}
          <section className={cardClass} aria-labelledby="config">
            <h2 id="config" className="mb-2 font-semibold text-slate-900">
              {t.run.config}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm" data-testid="run-config">
              {configDiff([detail.config]).map((row) => (
                <div key={row.path} className="contents">
                  <dt className="text-xs text-slate-700">
                    <SettingName path={row.path} />
                  </dt>
                  <dd className="font-mono text-xs text-slate-900">{settingValue(m, row.path, row.values[0] ?? "")}</dd>
                </div>
              ))}
            </dl>
          </section>
        </aside>
      </div>
    </div>
  );
}

function Summary({ run }: { run: HistoryRunView }) {
  const { m, fmt } = useI18n();
  const t = m.history;
  return (
    <section className={cardClass} aria-labelledby="summary">
      <h2 id="summary" className="mb-2 font-semibold text-slate-900">
        {t.run.summary}
      </h2>
      <dl className="space-y-1 text-sm text-slate-800" data-testid="run-summary">
        <div>
          <dt className="inline font-medium">{t.run.status}: </dt>
          <dd className="inline">
            {t.status[run.status as keyof typeof t.status] ?? run.status} ·{" "}
            {run.kind === "imported" ? m.pytorch.importedLabel : format(t.run.epochs, { done: fmt.integer(run.lastEpoch), total: fmt.integer(run.epochs) })}
          </dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.columns.finalTrainLoss}: </dt>
          <dd className="inline font-mono">{fmt.loss(run.finalTrainLoss)}</dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.columns.finalValLoss}: </dt>
          <dd className="inline font-mono">{fmt.loss(run.finalValLoss)}</dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.run.score}: </dt>
          <dd className={`inline ${run.verifiedScore === null ? "" : "font-mono"}`}>{run.verifiedScore === null ? t.run.noScore : fmt.loss(run.verifiedScore)}</dd>
        </div>
        {run.rank !== null && (
          <div>
            <dt className="inline font-medium">{t.run.rankLabel}: </dt>
            <dd className="inline">{fmt.integer(run.rank)}</dd>
          </div>
        )}
        {run.msPerEpoch !== null && (
          <div>
            <dt className="inline font-medium">{t.run.speedLabel}: </dt>
            <dd className="inline" title={run.backend ?? undefined}>
              {format(t.run.device, { ms: fmt.ms(run.msPerEpoch), backend: engineName(m, run.backend) })}
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function Annotate({ run, onSaved }: { run: HistoryRunView; onSaved(run: HistoryRunView): void }) {
  const { m, describe } = useI18n();
  const t = m.history;
  const [tags, setTags] = useState(run.tags.join(" "));
  const [note, setNote] = useState(run.note ?? "");
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const result = await api.runs.annotate({ id: run.id, body: { tags: tags.split(/\s+/).filter(Boolean), note: note.trim() === "" ? null : note } });
    if (!result.ok) return setError(result.error);
    setError(null);
    setSaved(true);
    onSaved(result.data.run);
  };
  return (
    <form className={`${cardClass} space-y-3`} onSubmit={submit} aria-label={t.run.annotate}>
      <div>
        <label className="block text-sm font-medium text-slate-800">
          {t.run.tags}
          <input className={inputClass} value={tags} onChange={(e) => setTags(e.target.value)} aria-describedby="tags-hint" name="tags" />
        </label>
        <p id="tags-hint" className="text-xs text-slate-600">
          {t.run.tagsHint}
        </p>
      </div>
      <label className="block text-sm font-medium text-slate-800">
        {t.run.note}
        <textarea className={inputClass} rows={3} value={note} onChange={(e) => setNote(e.target.value)} name="note" />
      </label>
      <FormError message={error && describe(error)} />
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryButtonClass}>
          {t.run.save}
        </button>
        {saved && (
          <span role="status" className="text-sm text-slate-700">
            {t.run.saved}
          </span>
        )}
      </div>
    </form>
  );
}
