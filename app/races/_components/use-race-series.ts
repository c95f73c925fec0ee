"use client";
/**
 * A race's data for its page. A preset's series is generated here from the rules; a library dataset's visible
 * part is fetched once (GET /api/races/:raceId/data, which never holds the held-back tail) and shared by every
 * component of the page that needs it (the trainer, the "Correct vs Predicted" panel).
 */
import { useEffect, useMemo, useState } from "react";
import { api } from "@/app/_lib/api";
import type { TVisibleSeries } from "@/lib/api/datasets";
import { datasetSeries } from "@/lib/data/source";
import type { ErrorBody, Result } from "@/lib/errors";
import type { RaceView } from "@/lib/realtime/race";

export type RaceSeries =
  | { status: "loading" }
  | { status: "failed"; error: ErrorBody }
  /** `stored`: the uploaded values the worker scales (none for a preset); `truth`: the series as trained on. */
  | { status: "ready"; stored: number[] | undefined; truth: number[]; times: readonly string[] | null };

const fetched = new Map<string, Promise<Result<{ series: TVisibleSeries }>>>();

function fetchOnce(raceId: string) {
  let request = fetched.get(raceId);
  if (!request) {
    request = api.datasets.raceData({ raceId });
    fetched.set(raceId, request);
    // A failure is not kept: the next mount asks again.
    void request.then((result) => !result.ok && fetched.delete(raceId));
  }
  return request;
}

export function useRaceSeries(race: Pick<RaceView, "id" | "rules">): RaceSeries {
  const { dataset } = race.rules;
  const key = `${race.id} ${JSON.stringify(dataset)}`;
  const presetTruth = useMemo(() => (dataset.source === "upload" ? null : Array.from(datasetSeries(dataset))), [dataset]);
  const [loaded, setLoaded] = useState<{ key: string; state: RaceSeries } | null>(null);
  useEffect(() => {
    if (dataset.source !== "upload") return;
    let live = true;
    void fetchOnce(race.id).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoaded({ key, state: { status: "failed", error: result.error } });
      const { values, times } = result.data.series;
      setLoaded({ key, state: { status: "ready", stored: values, truth: Array.from(datasetSeries(dataset, values)), times } });
    });
    return () => {
      live = false;
    };
  }, [race.id, dataset, key]);
  if (presetTruth) return { status: "ready", stored: undefined, truth: presetTruth, times: null };
  return loaded?.key === key ? loaded.state : { status: "loading" };
}
