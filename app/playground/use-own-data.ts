"use client";
/**
 * The Playground's own data: the user's uploaded series (GET /api/datasets), and the values of the one the settings
 * name (passed to the worker, which scales them). Settings that name data the user may not read in full (a run of a
 * race on a library series, opened with "Train again") fall back to the lesson's series, saying so.
 */
import { useEffect, useState, type Dispatch, type SetStateAction } from "react";
import type { TDatasetView, TDatasetWithValues } from "@/lib/api/datasets";
import { DEFAULT_TRAINING_CONFIG, isUploadedDataset, type TrainingConfig } from "@/lib/ml/config";
import { api } from "../_lib/api";

export interface OwnData {
  /** The user's own series (empty until loaded). */
  datasets: TDatasetView[];
  /** The stored values of the series the settings name, once loaded. */
  stored: number[] | undefined;
  /** Waiting for those values: nothing to train on yet. */
  waiting: boolean;
  /** The settings named data the user may not use here, and were moved to the lesson's series. */
  unavailable: boolean;
  /** A series was just uploaded: list it and train on it. */
  added(dataset: TDatasetView): void;
}

export function useOwnData(draft: TrainingConfig, setDraft: Dispatch<SetStateAction<TrainingConfig>>): OwnData {
  const [datasets, setDatasets] = useState<TDatasetView[]>([]);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<TDatasetWithValues | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const selectedId = isUploadedDataset(draft.dataset) ? draft.dataset.datasetId : null;
  const stored = loaded !== null && loaded.id === selectedId ? loaded.values : undefined;

  useEffect(() => {
    let live = true;
    void api.datasets.mine({}).then((result) => {
      if (live && result.ok) setDatasets(result.data.datasets);
    });
    return () => {
      live = false;
    };
  }, [version]);

  useEffect(() => {
    if (selectedId === null) return;
    let live = true;
    void api.datasets.get({ id: selectedId }).then((result) => {
      if (!live) return;
      if (result.ok) setLoaded(result.data.dataset);
      else {
        setUnavailable(true);
        setDraft((d) => ({ ...d, dataset: DEFAULT_TRAINING_CONFIG.dataset }));
      }
    });
    return () => {
      live = false;
    };
  }, [selectedId, setDraft]);

  return {
    datasets,
    stored,
    waiting: selectedId !== null && stored === undefined,
    unavailable,
    added(dataset) {
      setVersion((v) => v + 1);
      setUnavailable(false);
      setDraft((d) => ({ ...d, dataset: { source: "upload", datasetId: dataset.id, length: dataset.length, scaling: dataset.scaling } }));
    },
  };
}
