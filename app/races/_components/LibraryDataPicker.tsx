"use client";
/**
 * The race setup's choice of a data library series: which one, how many of its last points are held back for the
 * private board, and its scaling, with a preview where the held-back part is shaded and the scaling's parameters
 * are computed from the visible part (as the server will). Only the teacher, who may read the whole library, sees it.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import { api } from "@/app/_lib/api";
import { useI18n } from "@/app/_lib/i18n";
import { FormError } from "@/app/_components/form";
import { SeriesChart } from "@/app/components/charts/SeriesChart";
import { ScalingNote } from "@/app/components/data/ScalingNote";
import { useDatasetName } from "@/app/components/data/use-dataset-name";
import type { TDatasetView, TDatasetWithValues } from "@/lib/api/datasets";
import { SCALINGS, type Scaling } from "@/lib/data/scaling";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import type { UploadedDatasetConfig } from "@/lib/ml/config";

const inputClass = "mt-1 block w-full rounded border-2 border-slate-500 px-2 py-1";

export interface LibraryChoice {
  dataset: UploadedDatasetConfig;
  hiddenLength: number;
}

/** A tenth of the series, at least one point and at most the default hidden part of a race. */
const defaultHeldBack = (length: number) => Math.max(1, Math.min(30, Math.round(length / 10)));

export function LibraryDataPicker({ classroomId, onChange }: { classroomId: string; onChange(choice: LibraryChoice | null): void }) {
  const { m, fmt, describe } = useI18n();
  const t = m.data.race;
  const nameOf = useDatasetName();
  const [datasets, setDatasets] = useState<TDatasetView[] | null>(null);
  const [selected, setSelected] = useState<string>("");
  const [heldBack, setHeldBack] = useState(30);
  const [scaling, setScaling] = useState<Scaling>("standardise");
  const [loaded, setLoaded] = useState<TDatasetWithValues | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    let live = true;
    void api.datasets.classroomLibrary({ id: classroomId }).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setDatasets(result.data.datasets);
      const first = result.data.datasets[0];
      if (first) {
        setSelected(first.id);
        setHeldBack(defaultHeldBack(first.length));
        setScaling(first.scaling);
      }
    });
    return () => {
      live = false;
    };
  }, [classroomId]);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    void api.datasets.get({ id: selected }).then((result) => {
      if (!live) return;
      if (result.ok) setLoaded(result.data.dataset);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [selected]);

  const dataset = datasets?.find((d) => d.id === selected) ?? null;
  const values = loaded?.id === selected ? loaded : null;
  useEffect(() => {
    onChange(dataset ? { dataset: { source: "upload", datasetId: dataset.id, length: dataset.length - heldBack, scaling }, hiddenLength: heldBack } : null);
  }, [dataset, heldBack, scaling, onChange]);

  if (error) return <FormError message={describe(error)} />;
  if (datasets === null) return <p role="status">{m.data.library.loading}</p>;
  if (datasets.length === 0) {
    return (
      <p className="sm:col-span-2 lg:col-span-3">
        {t.libraryEmpty}{" "}
        <Link href={`/classrooms/${classroomId}/data`} className="font-semibold text-indigo-800 underline">
          {t.manage}
        </Link>
      </p>
    );
  }
  const visible = dataset ? dataset.length - heldBack : 0;
  return (
    <>
      <label className="block font-medium">
        {t.dataset}
        <select
          name="library-dataset"
          className={inputClass}
          value={selected}
          onChange={(e) => {
            const next = datasets.find((d) => d.id === e.target.value);
            setSelected(e.target.value);
            if (next) {
              setHeldBack(defaultHeldBack(next.length));
              setScaling(next.scaling);
            }
          }}
        >
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {nameOf(d)} ({format(m.data.library.points, { n: fmt.integer(d.length) })})
            </option>
          ))}
        </select>
      </label>
      <label className="block font-medium">
        {t.heldBack}
        <input name="held-back" type="number" min={1} max={dataset ? dataset.length - 2 : undefined} className={inputClass} value={Number.isNaN(heldBack) ? "" : heldBack} onChange={(e) => setHeldBack(e.target.value === "" ? Number.NaN : Number(e.target.value))} />
      </label>
      <label className="block font-medium">
        {t.scaling}
        <select name="library-scaling" className={inputClass} value={scaling} onChange={(e) => setScaling(e.target.value as Scaling)}>
          {SCALINGS.map((kind) => (
            <option key={kind} value={kind}>
              {m.data.upload.scalings[kind]}
            </option>
          ))}
        </select>
      </label>
      <div className="space-y-2 sm:col-span-2 lg:col-span-4" data-testid="race-data-preview">
        {dataset && (
          <p className="text-sm text-slate-800" data-testid="race-data-split">
            {format(t.split, { visible: fmt.integer(visible), hidden: fmt.integer(heldBack), total: fmt.integer(dataset.length) })}
          </p>
        )}
        {values && visible > 0 && heldBack > 0 && (
          <>
            <SeriesChart values={values.values} times={values.times} heldBack={heldBack} label={format(m.data.series.chart, { n: fmt.integer(values.values.length) })} />
            <ScalingNote kind={scaling} values={values.values.slice(0, visible)} race />
          </>
        )}
      </div>
    </>
  );
}
