"use client";
/**
 * The student's side of a race: pick a model within the race's rules, train it in the Web Worker (the
 * Playground's), and stream every epoch to the server through the run uplink. The race's pause, resume and end
 * reach the worker; a refused run says why.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { OPTIMIZER_DEFAULTS, type OptimizerConfig, type TrainingConfig } from "@/lib/ml/config";
import type { WorkerToPage } from "@/lib/ml/worker-protocol";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { describeViolations } from "@/lib/i18n/describe-rules";
import { configViolations, raceTrainingConfig, type RuleViolation } from "@/lib/race/rules";
import type { TSubmissionResult } from "@/lib/scoring/views";
import type { RaceView } from "@/lib/realtime/race";
import { isActive } from "@/app/playground/training-state";
import { useTrainingWorker } from "@/app/playground/use-training-worker";
import { Button, Card, FormError } from "../../_components/form";
import { useI18n } from "../../_lib/i18n";
import { request, type RealtimeSocket } from "../../_lib/realtime";
import { RunUplink } from "../../_lib/run-uplink";
import { submitCheckpoint, submitWeights } from "../../components/scoring/submit-weights";
import { CheckpointSender, type CheckpointState } from "./checkpoint-sender";
import { useRaceSeries } from "./use-race-series";

const inputClass = "mt-1 block w-full rounded border-2 border-slate-500 px-2 py-1";

interface Choices {
  cell: TrainingConfig["model"]["cell"];
  nonlinearity: TrainingConfig["model"]["nonlinearity"];
  layers: number;
  hidden: number;
  optimizer: OptimizerConfig["kind"];
  learningRate: number;
  batchSize: number;
  epochs: number;
}

function configFor(race: RaceView, c: Choices): TrainingConfig {
  return raceTrainingConfig(race.rules, {
    model: { cell: c.cell, nonlinearity: c.nonlinearity, layers: c.layers, hidden: c.hidden },
    optimizer: { ...OPTIMIZER_DEFAULTS[c.optimizer], learningRate: c.learningRate },
    batchSize: c.batchSize,
    epochs: c.epochs,
    seed: Math.floor(Math.random() * 2 ** 31),
    // About ten "Correct vs Predicted" pictures per run.
    rolloutEvery: Math.max(1, Math.floor(c.epochs / 10)),
  });
}

/** Why the student's run did not go ahead: the race's rules (checked here first) or the server's refusal. */
type Refusal = { violations: RuleViolation[] } | { error: ErrorBody };

/** Where the run's weights are in their way to a verified score. */
type Verdict = { phase: "verifying" } | { phase: "verified"; result: TSubmissionResult } | { phase: "refused"; error: ErrorBody };

export function StudentTrainer({ race, socket }: { race: RaceView; socket: RealtimeSocket }) {
  const { m, fmt, describe } = useI18n();
  const t = m.race.room;
  const f = m.playground.form;
  const { rules } = race;
  const [choices, setChoices] = useState<Choices>(() => ({
    cell: rules.allowedCells[0]!,
    nonlinearity: "tanh",
    layers: 1,
    hidden: Math.min(16, rules.maxHidden),
    optimizer: "adam",
    learningRate: 0.01,
    batchSize: 8,
    epochs: Math.min(100, rules.budget.maxEpochs),
  }));
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(0);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [checkpoint, setCheckpoint] = useState<CheckpointState>(null);
  const uplinkRef = useRef<RunUplink | null>(null);
  const checkpointsRef = useRef<CheckpointSender | null>(null);
  const backendRef = useRef<string | null>(null);
  // A race on uploaded data trains on its visible part, fetched by the page for the worker.
  const data = useRaceSeries(race);

  const onMessage = useCallback(
    (message: WorkerToPage) => {
      const uplink = uplinkRef.current;
      if (!uplink) return;
      if (message.type === "started") backendRef.current = `${message.backend}/${message.implementation}`.slice(0, 40);
      else if (message.type === "checkpoint") checkpointsRef.current?.offer(message.epoch, message.weights);
      else if (message.type === "snapshot") {
        checkpointsRef.current?.epoch();
        uplink.push(message.snapshot);
        setPending(uplink.pending);
      } else if (message.type === "rollout") {
        const { epoch, mse, predicted } = message.rollout;
        // Six significant digits keep the longest series' picture well under the socket's 64 KiB frame limit.
        void request(socket, "run:rollout", { runId: uplink.runId, epoch, mse, predicted: predicted.map((v) => Number(v.toPrecision(6))) });
      } else if (message.type === "done") {
        checkpointsRef.current?.stop();
        checkpointsRef.current = null;
        void (async () => {
          await uplink.drained();
          setPending(0);
          const { status, meanMsPerEpoch, finalValLoss } = message.outcome;
          await request(socket, "run:finish", { runId: uplink.runId, status, msPerEpoch: meanMsPerEpoch, backend: backendRef.current });
          uplink.close();
          if (uplinkRef.current === uplink) uplinkRef.current = null;
          // The board ranks what the server verifies: the weights go up for scoring (issue 6's upload).
          if (message.weights && status !== "failed") {
            setVerdict({ phase: "verifying" });
            const scored = await submitWeights({ raceId: race.id, runId: uplink.runId, weights: new Uint8Array(message.weights), claimedMse: finalValLoss });
            setVerdict(scored.ok ? { phase: "verified", result: scored.data } : { phase: "refused", error: scored.error });
          }
        })();
      }
    },
    [socket, race.id],
  );
  const worker = useTrainingWorker({ onMessage });
  const { view, pause, resume, stop, checkpoint: requestCheckpoint } = worker;
  const active = isActive(view.phase);

  // The race drives the worker: paused, resumed, ended.
  const status = race.status;
  useEffect(() => {
    if (!uplinkRef.current) return;
    if (status === "paused") pause();
    else if (status === "running") resume();
    else if (status === "ended") stop();
  }, [status, pause, resume, stop]);
  useEffect(
    () => () => {
      uplinkRef.current?.close();
      checkpointsRef.current?.stop();
    },
    [],
  );

  async function train(event: FormEvent) {
    event.preventDefault();
    if (data.status !== "ready") return;
    setRefusal(null);
    setVerdict(null);
    setCheckpoint(null);
    const config = configFor(race, choices);
    const violations = configViolations(config, rules);
    if (violations.length > 0) {
      setRefusal({ violations });
      return;
    }
    const result = await request(socket, "run:start", { raceId: race.id, config, backend: null, device: navigator.userAgent.slice(0, 200) });
    if (!result.ok) {
      setRefusal({ error: result.error });
      return;
    }
    uplinkRef.current?.close();
    const runId = result.data.run.runId;
    checkpointsRef.current?.stop();
    // The live board ranks by these: the server scores the weights every checkpoint period while the run trains.
    checkpointsRef.current = new CheckpointSender({
      periodMs: rules.checkpointEverySec * 1000,
      requestWeights: requestCheckpoint,
      upload: (epoch, weights) => submitCheckpoint({ raceId: race.id, runId, epoch, weights }),
      onChange: setCheckpoint,
    });
    uplinkRef.current = new RunUplink(socket, runId, {
      onRefused: (error) => {
        // A run that is simply over needs no explanation.
        if (error.reason !== "run_not_running") setRefusal({ error });
        stop();
      },
    });
    worker.start(config, "auto", data.stored);
  }

  const set = <K extends keyof Choices>(key: K, value: Choices[K]) => setChoices((c) => ({ ...c, [key]: value }));
  const num = (v: string) => (v === "" ? Number.NaN : Number(v));
  const last = view.snapshots.at(-1);
  return (
    <Card className="space-y-4">
      <h2 className="text-2xl font-bold">{t.yourModel}</h2>
      <form onSubmit={train} className="space-y-3" aria-label={t.yourModel} noValidate>
        <div className="grid grid-cols-2 items-end gap-3">
          <label className="block font-medium">
            {f.cell}
            <select name="cell" className={inputClass} value={choices.cell} disabled={active} onChange={(e) => set("cell", e.target.value as Choices["cell"])}>
              {rules.allowedCells.map((cell) => (
                <option key={cell}>{cell}</option>
              ))}
            </select>
          </label>
          <label className="block font-medium">
            {f.nonlinearity}
            <select name="nonlinearity" className={inputClass} value={choices.nonlinearity} disabled={active || choices.cell !== "RNN"} onChange={(e) => set("nonlinearity", e.target.value as Choices["nonlinearity"])}>
              <option value="tanh">{f.nonlinearities.tanh}</option>
              <option value="relu">{f.nonlinearities.relu}</option>
            </select>
          </label>
          <label className="block font-medium">
            {f.layers}
            <input name="layers" type="number" min={1} max={rules.maxLayers} className={inputClass} value={Number.isNaN(choices.layers) ? "" : choices.layers} disabled={active} onChange={(e) => set("layers", num(e.target.value))} />
          </label>
          <label className="block font-medium">
            {f.hidden}
            <input name="hidden" type="number" min={1} max={rules.maxHidden} className={inputClass} value={Number.isNaN(choices.hidden) ? "" : choices.hidden} disabled={active} onChange={(e) => set("hidden", num(e.target.value))} />
          </label>
          <label className="block font-medium">
            {f.optimizer}
            <select name="optimizer" className={inputClass} value={choices.optimizer} disabled={active} onChange={(e) => set("optimizer", e.target.value as Choices["optimizer"])}>
              {(["sgd", "momentum", "adam"] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {f.optimizers[kind]}
                </option>
              ))}
            </select>
          </label>
          <label className="block font-medium">
            {f.learningRate}
            <input name="learning-rate" type="number" step="any" className={inputClass} value={Number.isNaN(choices.learningRate) ? "" : choices.learningRate} disabled={active} onChange={(e) => set("learningRate", num(e.target.value))} />
          </label>
          <label className="block font-medium">
            {f.batchSize}
            <input name="batch-size" type="number" min={1} className={inputClass} value={Number.isNaN(choices.batchSize) ? "" : choices.batchSize} disabled={active} onChange={(e) => set("batchSize", num(e.target.value))} />
          </label>
          <label className="block font-medium">
            {f.epochs}
            <input name="epochs" type="number" min={1} max={rules.budget.maxEpochs} className={inputClass} value={Number.isNaN(choices.epochs) ? "" : choices.epochs} disabled={active} onChange={(e) => set("epochs", num(e.target.value))} />
          </label>
        </div>
        <FormError message={!refusal ? null : "violations" in refusal ? describeViolations(m, fmt, refusal.violations) : format(t.refused, { message: describe(refusal.error) })} />
        {/* On a phone Train (or Stop) stays on screen while the settings scroll by (in place from lg up). */}
        <div className="sticky bottom-0 z-10 -mx-6 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-6 py-3 lg:static lg:mx-0 lg:border-0 lg:bg-transparent lg:p-0">
          {active ? (
            <Button variant="danger" onClick={stop}>
              {t.stop}
            </Button>
          ) : (
            <Button type="submit" disabled={race.status !== "running" || data.status !== "ready"}>
              {t.train}
            </Button>
          )}
        </div>
        {data.status === "loading" && <p role="status">{m.data.series.loading}</p>}
        {data.status === "failed" && <FormError message={format(m.data.series.unavailable, { message: describe(data.error) })} />}
      </form>
      <p role="status" className="text-slate-800" data-testid="trainer-status">
        {race.status === "lobby" || race.status === "countdown"
          ? race.kind === "homework"
            ? m.homework.waitForOpen
            : t.waitForStart
          : active && last
            ? format(t.training, { epoch: fmt.integer(last.epoch), epochs: fmt.integer(view.epochs) })
            : view.phase === "finished" || view.phase === "stopped"
              ? race.status === "ended"
                ? t.finishedRaceOver
                : t.finished
              : ""}
      </p>
      {checkpoint && (
        <p className="text-sm text-slate-800" data-testid="checkpoint">
          {checkpoint.phase === "verified"
            ? format(t.checkpointVerified, { epoch: fmt.integer(checkpoint.result.epoch), score: fmt.loss(checkpoint.result.publicScore) })
            : format(t.checkpointRefused, { message: describe(checkpoint.error) })}
        </p>
      )}
      {pending > 1 && <p className="text-sm text-amber-900">{format(t.sending, { pending: fmt.integer(pending) })}</p>}
      {verdict && (
        <p role="status" className="text-slate-900" data-testid="verdict">
          {verdict.phase === "verifying"
            ? t.verifying
            : verdict.phase === "verified"
              ? format(t.verified, { score: fmt.loss(verdict.result.publicScore), used: fmt.integer(verdict.result.submissionsUsed), limit: fmt.integer(verdict.result.submissionsLimit) })
              : format(t.notVerified, { message: describe(verdict.error) })}
        </p>
      )}
    </Card>
  );
}
