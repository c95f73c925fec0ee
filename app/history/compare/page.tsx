"use client";
/** 2–10 runs overlaid (smoothing slider, log scale, training or validation loss) and their settings' diff. */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useEffect, useMemo, useState } from "react";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import type { DiffRow } from "@/lib/history/config-diff";
import { SMOOTHING_MAX, smoothLoss } from "@/lib/history/smoothing";
import type { ErrorBody } from "@/lib/errors";
import type { CurvePointView, HistoryRunView } from "@/lib/history/views";
import { optimizerName } from "@/lib/i18n/names";
import { FormError } from "../../_components/form";
import { RequireUser } from "../../_components/require-user";
import { api } from "../../_lib/api";
import { useI18n, type I18n } from "../../_lib/i18n";
import { HistoryTitle } from "../resource";
import { SettingName } from "../SettingName";
import { settingValue } from "@/lib/i18n/setting-value";
import { cardClass } from "../ui";
import { ScrollBox } from "../../_components/scroll-box";

interface Comparison {
  runs: HistoryRunView[];
  diff: DiffRow[];
  curves: Record<string, CurvePointView[]>;
}

export default function ComparePage() {
  const { m } = useI18n();
  return (
    <RequireUser>
      {() => (
        <Suspense fallback={<p role="status">{m.common.loading}</p>}>
          <Compare />
        </Suspense>
      )}
    </RequireUser>
  );
}

const runLabel = ({ m, fmt }: Pick<I18n, "m" | "fmt">, run: HistoryRunView) =>
  `${run.cell} ${run.layers}×${run.hidden} ${optimizerName(m, run.optimizer)} ${fmt.setting(run.learningRate)} · ${fmt.dateTime(run.startedAt)}`;

function Compare() {
  const i18n = useI18n();
  const { m, fmt, describe } = i18n;
  const t = m.history;
  const ids = useSearchParams().get("ids") ?? "";
  const [answer, setAnswer] = useState<{ ids: string; data: Comparison | null; error: ErrorBody | null } | null>(null);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(true);
  const [which, setWhich] = useState<"train" | "validation">("train");
  const [onlyDifferences, setOnlyDifferences] = useState(false);

  useEffect(() => {
    if (!ids) return;
    let live = true;
    void api.history.compare({ query: { ids } }).then((result) => {
      if (live) setAnswer(result.ok ? { ids, data: result.data, error: null } : { ids, data: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [ids]);
  const current = answer?.ids === ids ? answer : null;
  const data = current?.data ?? null;

  const series = useMemo<LossSeries[]>(() => {
    if (!data) return [];
    return data.runs.map((run) => {
      const points = data.curves[run.id] ?? [];
      const raw = which === "train" ? points.map((p) => ({ epoch: p.epoch, loss: p.trainLoss })) : points.flatMap((p) => (p.valLoss === null ? [] : [{ epoch: p.epoch, loss: p.valLoss }]));
      const smoothed = smoothLoss(
        raw.map((p) => p.loss),
        smoothing,
        logScale,
      );
      return { id: run.id, label: runLabel(i18n, run), points: raw.map((p, i) => ({ epoch: p.epoch, loss: smoothed[i]! })) };
    });
  }, [data, which, smoothing, logScale, i18n]);

  if (!ids) return <p>{t.compare.needIds}</p>;
  if (current?.error) return <FormError message={describe(current.error)} />;
  if (!data) return <p role="status">{m.common.loading}</p>;
  const rows = onlyDifferences ? data.diff.filter((row) => row.differs) : data.diff;

  return (
    <div className="space-y-6">
      <header>
        <HistoryTitle title={t.compare.title} />
        <p className="mt-1 text-slate-700">{t.compare.intro}</p>
      </header>
      <section className={cardClass}>
        <div className="mb-3 flex flex-wrap items-end gap-4">
          <label className="text-sm font-medium text-slate-800">
            {t.compare.smoothing} <span className="font-mono">{fmt.fixed(smoothing, 2)}</span>
            <input
              type="range"
              min={0}
              max={SMOOTHING_MAX}
              step={0.01}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              className="mt-1 block w-48"
              data-testid="smoothing"
            />
          </label>
          <fieldset className="text-sm">
            <legend className="font-medium text-slate-800">{t.compare.which}</legend>
            <div className="mt-1 flex gap-3">
              {(["train", "validation"] as const).map((option) => (
                <label key={option} className="flex items-center gap-1">
                  <input type="radio" name="which" checked={which === option} onChange={() => setWhich(option)} />
                  {option === "train" ? t.compare.train : t.compare.validation}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <LossChart
          series={series}
          logScale={logScale}
          onLogScaleChange={setLogScale}
          labels={{ title: t.compare.title, epochAxis: t.charts.epochAxis, lossAxis: t.charts.lossAxis, logScale: t.compare.logScale, noData: t.charts.noData }}
        />
      </section>
      <section className={cardClass} aria-labelledby="diff-title">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="diff-title" className="font-semibold text-slate-900">
            {t.compare.diffTitle}
          </h2>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} />
            {t.compare.onlyDifferences}
          </label>
        </div>
        <ScrollBox label={t.compare.diffTitle}>
          <table className="min-w-full text-left text-sm" data-testid="config-diff">
            <thead className="border-b border-slate-300 text-xs text-slate-700">
              <tr>
                <th scope="col" className="px-2 py-1">
                  {t.compare.setting}
                </th>
                {data.runs.map((run, i) => (
                  <th key={run.id} scope="col" className="px-2 py-1">
                    <Link href={`/runs/${run.id}`} className="text-blue-800 underline">
                      #{i + 1}
                    </Link>{" "}
                    {fmt.dateTime(run.startedAt)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="border-b border-slate-100">
                <th scope="row" className="px-2 py-1 font-mono text-xs">
                  {t.columns.finalTrainLoss}
                </th>
                {data.runs.map((run) => (
                  <td key={run.id} className="px-2 py-1 font-mono text-xs">
                    {fmt.loss(run.finalTrainLoss)}
                  </td>
                ))}
              </tr>
              {rows.map((row) => (
                <tr key={row.path} className={`border-b border-slate-100 ${row.differs ? "bg-amber-50" : ""}`} data-differs={row.differs}>
                  <th scope="row" className="px-2 py-1 text-xs font-normal">
                    <SettingName path={row.path} />
                  </th>
                  {row.values.map((value, i) => (
                    <td key={i} className={`px-2 py-1 font-mono text-xs ${row.differs ? "font-semibold" : ""}`}>
                      {settingValue(m, row.path, value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </div>
  );
}
