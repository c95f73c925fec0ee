"use client";
/**
 * The values a run trained on, for its page: a preset's are generated from the config; an uploaded series' are
 * fetched (GET /api/runs/:id/series: the part the run trained on, for whoever may see the run).
 */
import { useEffect, useMemo, useState } from "react";
import { api } from "@/app/_lib/api";
import { datasetSeries } from "@/lib/data/source";
import type { DatasetConfig } from "@/lib/ml/config";

export interface RunSeries {
  /** The series as trained on (scaled), or null while it loads or when it cannot be. */
  truth: number[] | null;
  /** An uploaded series' stored values (what the PyTorch export scales again). */
  stored: number[] | undefined;
}

export function useRunSeries(runId: string, dataset: DatasetConfig | null): RunSeries {
  const uploaded = dataset?.source === "upload";
  const presetTruth = useMemo(() => (dataset && dataset.source !== "upload" ? Array.from(datasetSeries(dataset)) : null), [dataset]);
  const [fetched, setFetched] = useState<{ runId: string; values: number[] | null } | null>(null);
  useEffect(() => {
    if (!uploaded) return;
    let live = true;
    void api.datasets.runSeries({ id: runId }).then((result) => {
      if (live) setFetched({ runId, values: result.ok ? result.data.series.values : null });
    });
    return () => {
      live = false;
    };
  }, [runId, uploaded]);
  const stored = fetched?.runId === runId && fetched.values ? fetched.values : undefined;
  const uploadedTruth = useMemo(() => (dataset?.source === "upload" && stored ? Array.from(datasetSeries(dataset, stored)) : null), [dataset, stored]);
  return { truth: presetTruth ?? uploadedTruth, stored };
}
