"use client";
/** One run: curves, the rollout grid, configuration, score, downloads, tags and note, and "train again". */
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import { RolloutGrid } from "@/app/components/charts/RolloutGrid";
import { toCsv } from "@/lib/history/csv";
import { configDiff } from "@/lib/history/config-diff";
import { CURVE_CSV_HEADER, curveCsvRows, whereLabel, type HistoryRunView, type RunDetailView } from "@/lib/history/views";
import { checkTrainingConfig } from "@/lib/ml/config";
import { generateSeries } from "@/lib/data/series";
import { FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import { format, m } from "../../_lib/messages";
import { buttonClass, cardClass, downloadFile, formatLoss, formatMs, formatWhen, inputClass, primaryButtonClass } from "../../history/format";
import { HistoryTitle, pending, signedInIdPage, useApiResource } from "../../history/resource";
import { buildPytorchZip } from "./pytorch-export";

const t = m.history;

export default signedInIdPage(RunDetail);

function RunDetail({ id }: { id: string }) {
  const resource = useApiResource<RunDetailView>(`/api/runs/${encodeURIComponent(id)}`);
  const { data: detail, setData: setDetail } = resource;
  const [logScale, setLogScale] = useState(true);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const series = useMemo<LossSeries[]>(() => {
    if (!detail) return [];
    const out: LossSeries[] = [{ id: "train", label: m.playground.charts.trainSeries, points: detail.curve.map((p) => ({ epoch: p.epoch, loss: p.trainLoss })) }];
    if (detail.curve.some((p) => p.valLoss !== null)) {
      out.push({ id: "validation", label: m.playground.charts.validationSeries, dashed: true, points: detail.curve.flatMap((p) => (p.valLoss === null ? [] : [{ epoch: p.epoch, loss: p.valLoss }])) });
    }
    return out;
  }, [detail]);

  const checked = useMemo(() => (detail ? checkTrainingConfig(detail.config) : null), [detail]);
  const truth = useMemo(() => (checked?.ok ? Array.from(generateSeries(checked.config.dataset)) : null), [checked]);

  if (!detail) return pending(resource);
  const { run } = detail;
  const stem = `run-${run.id.slice(0, 8)}`;
  const imported = run.kind === "imported";

  const downloadForPytorch = async () => {
    setExporting(true);
    setDownloadError(null);
    try {
      const result = await api.get<{ data: string }>(`/api/runs/${run.id}/weights`);
      if (!result.ok) return setDownloadError(result.error.message);
      const zip = await buildPytorchZip(result.data.data, run.id, `${stem}-pytorch`, new Date(run.startedAt));
      downloadFile(`${stem}-pytorch.zip`, zip, "application/zip");
    } catch (error) {
      setDownloadError(format(m.pytorch.exportFailed, { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <HistoryTitle title={format(t.run.title, { date: formatWhen(run.startedAt) })} />
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
                    imported ? format(m.pytorch.importedCaption, { mse: mse.toPrecision(3) }) : format(m.playground.charts.rolloutCaption, { epoch, mse: mse.toPrecision(3) }),
                  pending: (epoch) => format(m.playground.charts.rolloutPending, { epoch }),
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
                  const result = await api.get<{ data: string }>(`/api/runs/${run.id}/weights`);
                  if (!result.ok) return setDownloadError(result.error.message);
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
              <button type="button" className={buttonClass} onClick={() => downloadFile(`${stem}-curve.csv`, toCsv(CURVE_CSV_HEADER, curveCsvRows(detail.curve)), "text/csv;charset=utf-8")}>
                {t.run.downloadCurveCsv}
              </button>
            </div>
            <p id="pytorch-export-hint" className="mt-2 text-xs text-slate-600">
              {m.pytorch.exportHint}
            </p>
            <FormError message={downloadError} />
          </section>
          {detail.editable && <Annotate run={run} onSaved={(next) => setDetail({ ...detail, run: next })} />}
          <section className={cardClass} aria-labelledby="config">
            <h2 id="config" className="mb-2 font-semibold text-slate-900">
              {t.run.config}
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm" data-testid="run-config">
              {configDiff([detail.config]).map((row) => (
                <div key={row.path} className="contents">
                  <dt className="font-mono text-xs text-slate-700">{row.path}</dt>
                  <dd className="font-mono text-xs text-slate-900">{row.values[0]}</dd>
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
            {run.kind === "imported" ? m.pytorch.importedLabel : format(t.run.epochs, { done: run.lastEpoch, total: run.epochs })}
          </dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.columns.finalTrainLoss}: </dt>
          <dd className="inline font-mono">{formatLoss(run.finalTrainLoss)}</dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.columns.finalValLoss}: </dt>
          <dd className="inline font-mono">{formatLoss(run.finalValLoss)}</dd>
        </div>
        <div>
          <dt className="inline font-medium">{t.run.score}: </dt>
          <dd className={`inline ${run.verifiedScore === null ? "" : "font-mono"}`}>{run.verifiedScore === null ? t.run.noScore : formatLoss(run.verifiedScore)}</dd>
        </div>
        {run.rank !== null && <div>{format(t.run.rank, { rank: run.rank })}</div>}
        {run.msPerEpoch !== null && <div>{format(t.run.device, { ms: formatMs(run.msPerEpoch), backend: run.backend ?? "?" })}</div>}
      </dl>
    </section>
  );
}

function Annotate({ run, onSaved }: { run: HistoryRunView; onSaved(run: HistoryRunView): void }) {
  const [tags, setTags] = useState(run.tags.join(" "));
  const [note, setNote] = useState(run.note ?? "");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const result = await api.patch<{ run: HistoryRunView }>(`/api/runs/${run.id}`, { tags: tags.split(/\s+/).filter(Boolean), note: note.trim() === "" ? null : note });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setMessage(t.run.saved);
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
      <FormError message={error} />
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryButtonClass}>
          {t.run.save}
        </button>
        {message && (
          <span role="status" className="text-sm text-slate-700">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
