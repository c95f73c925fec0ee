"use client";
/**
 * The race replay player: every run's stored curve revealed along the race clock (run start + each epoch's tMs),
 * with play/pause, restart, a speed choice and a time slider. The clock is the page's (requestAnimationFrame);
 * what is visible at an instant comes from lib/history/replay.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import { advance, buildTimeline, frameAt, leaderAt } from "@/lib/history/replay";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";
import { buttonClass, cardClass, primaryButtonClass } from "./ui";
import type { TReplay } from "@/lib/api/history-responses";

const SPEEDS = [1, 5, 20, 60] as const;
const SLIDER_STEP_MS = 100;

/** What GET /api/history/replay answers (lib/api/endpoints.ts): the race, its runs' curves, its leaders. */
export type ReplayData = TReplay;

export function RaceReplay({ replay }: { replay: ReplayData }) {
  const { m, fmt } = useI18n();
  const t = m.history.replay;
  const timeline = useMemo(
    () =>
      buildTimeline(
        replay.runs.map((run) => ({ runId: run.runId, label: run.label, startedAt: new Date(run.startedAt), points: run.points })),
        replay.race.startsAt ? new Date(replay.race.startsAt) : null,
      ),
    [replay],
  );
  // The replay lasts until the race ended and the last verification (a submission comes after training ends), in
  // whole slider steps, so the slider's end is the replay's end.
  const durationMs = useMemo(() => {
    const origin = timeline.origin.getTime();
    const ends = [timeline.durationMs, ...(replay.race.endedAt ? [Date.parse(replay.race.endedAt) - origin] : []), ...replay.leaders.map((l) => Date.parse(l.at) - origin)];
    return Math.ceil(Math.max(1, ...ends) / SLIDER_STEP_MS) * SLIDER_STEP_MS;
  }, [timeline, replay]);
  const [tMs, setTMsState] = useState(0);
  // The animation reads the clock from a ref: a state updater may run later than the frame that needs its result.
  const clock = useRef(0);
  const setTMs = (value: number) => {
    clock.current = value;
    setTMsState(value);
  };
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(SPEEDS[2]);
  const [logScale, setLogScale] = useState(true);
  const last = useRef<number | null>(null);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const tick = (now: number) => {
      const elapsed = last.current === null ? 0 : now - last.current;
      last.current = now;
      const next = advance(clock.current, elapsed, speed, durationMs);
      clock.current = next.tMs;
      setTMsState(next.tMs);
      if (next.ended) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      last.current = null;
    };
  }, [playing, speed, durationMs]);

  const frame = useMemo(() => frameAt(timeline, tMs), [timeline, tMs]);
  const series = useMemo<LossSeries[]>(
    () => frame.map((f) => ({ id: f.runId, label: f.label, points: f.visible.map((p) => ({ epoch: p.epoch, loss: p.trainLoss })) })),
    [frame],
  );
  const ended = tMs >= durationMs;
  const leader = ended && replay.final ? replay.final : leaderAt(replay.leaders, timeline.origin, tMs);

  if (timeline.tracks.length === 0) return <p className={cardClass}>{t.noRuns}</p>;

  const togglePlay = () => {
    if (!playing && tMs >= durationMs) setTMs(0);
    setPlaying(!playing);
  };

  return (
    <section className={`${cardClass} space-y-3`} aria-label={format(t.title, { name: replay.race.name })}>
      <div className="flex flex-wrap items-end gap-3">
        <button type="button" className={primaryButtonClass} onClick={togglePlay} data-testid="replay-play" aria-pressed={playing}>
          {playing ? t.pause : t.play}
        </button>
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            setPlaying(false);
            setTMs(0);
          }}
        >
          {t.restart}
        </button>
        <label className="text-sm font-medium text-slate-800">
          {t.speed}
          <select className="ml-2 rounded-md border border-slate-500 px-2 py-1" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                ×{fmt.integer(s)}
              </option>
            ))}
          </select>
        </label>
        <p className="text-sm text-slate-800" data-testid="replay-clock" aria-live="off">
          {format(t.clock, { elapsed: fmt.clock(tMs), total: fmt.clock(durationMs) })}
        </p>
      </div>
      <label className="block text-sm font-medium text-slate-800">
        {t.time}
        <input
          type="range"
          min={0}
          max={durationMs}
          step={SLIDER_STEP_MS}
          value={tMs}
          onChange={(e) => {
            setPlaying(false);
            setTMs(Number(e.target.value));
          }}
          className="mt-1 block w-full"
          data-testid="replay-slider"
          aria-valuetext={format(t.clock, { elapsed: fmt.duration(tMs), total: fmt.duration(durationMs) })}
        />
      </label>
      <LossChart
        series={series}
        logScale={logScale}
        onLogScaleChange={setLogScale}
        maxEpoch={Math.max(2, timeline.maxEpoch)}
        highlightedId={leader?.runId ?? null}
        labels={{ title: format(t.title, { name: replay.race.name }), epochAxis: m.history.charts.epochAxis, lossAxis: m.history.charts.lossAxis, logScale: m.history.compare.logScale, noData: m.history.charts.noData }}
      />
      <p className="text-sm text-slate-800" data-testid="replay-leader">
        {leader ? format(ended && replay.final ? t.finalLeader : t.leader, { name: leader.displayName, score: fmt.loss(leader.score) }) : t.noLeader}
      </p>
    </section>
  );
}
