"use client";
/**
 * The solo Playground: configure, train in a Web Worker, watch the loss curve and the seed's rollout pictures.
 * The race page will reuse its pieces (worker hook, charts).
 */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { ClassroomListing } from "@/lib/classroom/views";
import { api } from "../_lib/api";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import { RolloutGrid } from "@/app/components/charts/RolloutGrid";
import { format } from "@/lib/i18n";
import { engineName } from "@/lib/i18n/names";
import type { IssueLike } from "@/lib/i18n/describe-issue";
import { useI18n } from "../_lib/i18n";
import { checkTrainingConfig, DEFAULT_TRAINING_CONFIG, isUploadedDataset, type TrainingConfig } from "@/lib/ml/config";
import { rolloutEpochs } from "@/lib/ml/schedule";
import { UploadForm } from "@/app/components/data/UploadForm";
import { ConfigForm } from "./ConfigForm";
import { PytorchImport } from "./PytorchImport";
import { isActive } from "./training-state";
import { TrainingFailure } from "./TrainingFailure";
import { RecordingStatus } from "./RecordingStatus";
import { usePlaygroundTraining } from "./training-provider";
import { useOwnData } from "./use-own-data";

const buttonBase =
  "rounded-md px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50";

/** Saves the trained weights in the weight file format (the format the server scores). */
function downloadWeights(weights: ArrayBuffer, config: TrainingConfig | null) {
  const url = URL.createObjectURL(new Blob([weights], { type: "application/octet-stream" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = config ? `${config.model.cell.toLowerCase()}-${config.model.layers}x${config.model.hidden}.lrw` : "weights.lrw";
  link.click();
  URL.revokeObjectURL(url);
}

export function Playground() {
  const { m, fmt, issue } = useI18n();
  const t = m.playground;
  // The run, its settings and the form live above the page: training goes on while the person is elsewhere.
  const { view, config: trainedConfig, draft, setDraft, backend, setBackend, classroomId, setClassroomId, recording, prepare, start, pause, resume, stop } =
    usePlaygroundTraining();
  const [problems, setProblems] = useState<readonly IssueLike[]>([]);
  const [logScale, setLogScale] = useState(true);
  const active = isActive(view.phase);
  const [classrooms, setClassrooms] = useState<ClassroomListing[]>([]);
  const [prefilled, setPrefilled] = useState(false);
  const own = useOwnData(draft, setDraft);

  // Loads tfjs in its worker while the person reads the form.
  useEffect(prepare, [prepare]);

  useEffect(() => {
    let live = true;
    void api.classrooms.list({}).then((result) => {
      if (live && result.ok) setClassrooms(result.data.classrooms.filter((c) => !c.classroom.archived));
    });
    return () => {
      live = false;
    };
  }, []);

  // "Train again" from a run page opens /playground?from=<runId>: start from that run's settings.
  useEffect(() => {
    const from = new URLSearchParams(window.location.search).get("from");
    if (!from) return;
    let live = true;
    void api.runs.get({ id: from }).then((result) => {
      if (!live || !result.ok) return;
      const checked = checkTrainingConfig(result.data.config);
      if (checked.ok) {
        setDraft(checked.config);
        setPrefilled(true);
      }
    });
    return () => {
      live = false;
    };
  }, [setDraft]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkTrainingConfig(draft);
    if (!checked.ok) {
      setProblems(checked.issues);
      return;
    }
    if (isUploadedDataset(checked.config.dataset) && own.stored === undefined) return;
    setProblems([]);
    start(checked.config, backend, own.stored, classroomId || null);
  };

  const lossSeries = useMemo<LossSeries[]>(() => {
    const series: LossSeries[] = [{ id: "train", label: t.charts.trainSeries, points: view.snapshots.map((s) => ({ epoch: s.epoch, loss: s.trainLoss })) }];
    if (view.snapshots.some((s) => s.valLoss !== null)) {
      series.push({ id: "validation", label: t.charts.validationSeries, dashed: true, points: view.snapshots.flatMap((s) => (s.valLoss === null ? [] : [{ epoch: s.epoch, loss: s.valLoss }])) });
    }
    return series;
  }, [view.snapshots, t]);

  const plannedEpochs = useMemo(() => (trainedConfig ? rolloutEpochs(trainedConfig) : []), [trainedConfig]);

  const last = view.snapshots.at(-1);
  // Before a run, the form's value (while it is being typed it may not be a number yet).
  const epochsTotal = view.epochs || (Number.isFinite(draft.epochs) ? draft.epochs : 0);

  return (
    <div>
      <header className="mb-6">
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{t.title}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{t.intro}</p>
        {prefilled && (
          <p role="status" className="mt-2 text-sm text-slate-800" data-testid="prefilled">
            {m.history.recording.prefilled}
          </p>
        )}
      </header>

      <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)] xl:grid-cols-[22rem_minmax(0,1fr)]">
        <form onSubmit={onSubmit} className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={t.title} noValidate>
          <ConfigForm
            draft={draft}
            backend={backend}
            disabled={active}
            onChange={setDraft}
            onBackendChange={setBackend}
            onReset={() => {
              setDraft(DEFAULT_TRAINING_CONFIG);
              setProblems([]);
            }}
            ownData={own.datasets}
          />
          {own.unavailable && (
            <p role="status" className="text-sm text-amber-900">
              {m.data.playground.notAvailable}
            </p>
          )}
          {classrooms.length > 0 && (
            <div>
              <label className="block text-sm font-medium text-slate-800">
                {m.history.recording.classroom}
                <select
                  className="mt-1 block w-full rounded-md border border-slate-500 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700"
                  value={classroomId}
                  disabled={active}
                  onChange={(e) => setClassroomId(e.target.value)}
                  aria-describedby="save-classroom-hint"
                >
                  <option value="">{m.history.recording.noClassroom}</option>
                  {classrooms.map((c) => (
                    <option key={c.classroom.id} value={c.classroom.id}>
                      {c.classroom.name}
                    </option>
                  ))}
                </select>
              </label>
              <p id="save-classroom-hint" className="mt-1 text-xs text-slate-600">
                {m.history.recording.classroomHint}
              </p>
            </div>
          )}
          {problems.length > 0 && (
            <div role="alert" className="rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900">
              <p className="font-semibold">{t.form.problems}</p>
              <ul className="mt-1 list-disc pl-5">
                {problems.map((p, i) => (
                  <li key={i}>{issue(p)}</li>
                ))}
              </ul>
            </div>
          )}
          {/* On a phone the form is long: its actions stay on screen at the bottom while it scrolls (in place from lg up). */}
          <div className="sticky bottom-0 z-10 -mx-4 -mb-4 flex flex-wrap gap-2 rounded-b-lg border-t border-slate-200 bg-white/95 px-4 py-3 lg:static lg:mx-0 lg:mb-0 lg:border-0 lg:bg-transparent lg:p-0" data-testid="training-actions">
            <button type="submit" disabled={active || own.waiting} className={`${buttonBase} bg-blue-800 text-white hover:bg-blue-900`}>
              {t.controls.train}
            </button>
            {view.phase === "paused" ? (
              <button type="button" onClick={resume} className={`${buttonBase} border border-slate-500 bg-white text-slate-900 hover:bg-slate-100`}>
                {t.controls.resume}
              </button>
            ) : (
              <button type="button" onClick={pause} disabled={view.phase !== "running"} className={`${buttonBase} border border-slate-500 bg-white text-slate-900 hover:bg-slate-100`}>
                {t.controls.pause}
              </button>
            )}
            <button type="button" onClick={stop} disabled={!active || view.phase === "stopping"} className={`${buttonBase} border border-red-800 bg-white text-red-800 hover:bg-red-50`}>
              {t.controls.stop}
            </button>
          </div>
        </form>

        <div className="min-w-0 space-y-6">
          <section aria-label={t.progress.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
              <p role="status" aria-live="polite" className="font-semibold text-slate-900" data-testid="training-status">
                {t.status[view.phase]}
              </p>
              <p
                className="text-sm text-slate-700"
                data-testid="training-backend"
                data-choice={view.choice ?? undefined}
                data-backend={view.backend ?? undefined}
                data-implementation={view.implementation ?? undefined}
              >
                {view.backend && view.implementation
                  ? format(view.choice === "remembered" ? t.progress.backendRemembered : t.progress.backend, { engine: engineName(m, view.backend, view.implementation) })
                  : "\u00a0"}
              </p>
            </div>
            <progress
              className="mt-3 h-3 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-blue-800 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-blue-800"
              max={epochsTotal}
              value={last?.epoch ?? 0}
              aria-label={t.progress.label}
            />
            <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-800">
              <li data-testid="training-epoch">{format(t.progress.epochOf, { epoch: fmt.integer(last?.epoch ?? 0), total: fmt.integer(epochsTotal) })}</li>
              {last && <li data-testid="training-speed">{format(t.progress.msPerEpoch, { ms: fmt.ms(last.msPerEpoch) })}</li>}
              {last && <li>{format(t.progress.trainLoss, { loss: fmt.loss(last.trainLoss) })}</li>}
              {last?.valLoss != null && <li>{format(t.progress.valLoss, { loss: fmt.loss(last.valLoss) })}</li>}
            </ul>
            {view.calibration.length > 1 && (
              <details className="mt-2 text-sm text-slate-700">
                <summary className="cursor-pointer rounded focus-visible:outline-2 focus-visible:outline-blue-700">{t.progress.calibrationSummary}</summary>
                <ul className="mt-1 list-disc pl-5" data-testid="calibration">
                  {view.calibration.map((c) => (
                    <li key={`${c.backend}/${c.implementation}`}>
                      {c.msPerStep === null
                        ? format(t.progress.calibrationUnavailable, { engine: engineName(m, c.backend, c.implementation), backend: c.backend, implementation: c.implementation, reason: c.error ?? "" })
                        : format(t.progress.calibrationEntry, { engine: engineName(m, c.backend, c.implementation), backend: c.backend, implementation: c.implementation, ms: fmt.ms(c.msPerStep) })}
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {view.weights && (
              <button type="button" onClick={() => downloadWeights(view.weights as ArrayBuffer, trainedConfig)} className={`${buttonBase} mt-3 border border-slate-500 bg-white text-slate-900 hover:bg-slate-100`}>
                {t.controls.downloadWeights}
              </button>
            )}
            {recording && <RecordingStatus status={recording} />}
            <TrainingFailure view={view} config={trainedConfig} />
          </section>

          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <LossChart
              series={lossSeries}
              logScale={logScale}
              onLogScaleChange={setLogScale}
              maxEpoch={epochsTotal}
              labels={{ title: t.charts.lossTitle, epochAxis: t.charts.epochAxis, lossAxis: t.charts.lossAxis, logScale: t.charts.logScale, noData: t.charts.noData }}
            />
          </section>

          {view.series.length > 0 && (
            <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <RolloutGrid
                truth={view.series}
                window={view.window}
                panels={view.rollouts}
                plannedEpochs={plannedEpochs}
                labels={{
                  title: t.charts.rolloutTitle,
                  intro: t.charts.rolloutIntro,
                  correct: t.charts.correct,
                  predicted: t.charts.predicted,
                  caption: (epoch, mse) => format(t.charts.rolloutCaption, { epoch: fmt.integer(epoch), mse: fmt.loss(mse) }),
                  pending: (epoch) => format(t.charts.rolloutPending, { epoch: fmt.integer(epoch) }),
                }}
              />
            </section>
          )}

          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={m.data.upload.ownTitle} data-testid="own-data">
            <h2 className="text-lg font-semibold text-slate-900">{m.data.upload.ownTitle}</h2>
            <p className="mb-3 text-sm text-slate-700">{m.data.upload.ownIntro}</p>
            <UploadForm classroomId={null} onSaved={own.added} />
          </section>

          <PytorchImport settings={draft} stored={own.stored} classroomId={classroomId || null} browserRunId={recording?.runId ?? null} />
        </div>
      </div>
    </div>
  );
}
