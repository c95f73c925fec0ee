"use client";
/**
 * A classroom's data library (its teachers only): the uploads with their preview, the built-in examples, and the
 * form that adds a series. Races are set up on these from the classroom page.
 */
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import type { TDatasetView, TDatasetWithValues } from "@/lib/api/datasets";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { Button, Card, FormError } from "../../../_components/form";
import { RequireUser } from "../../../_components/require-user";
import { api } from "../../../_lib/api";
import { useI18n } from "../../../_lib/i18n";
import { SeriesChart } from "../../../components/charts/SeriesChart";
import { UploadForm } from "../../../components/data/UploadForm";
import { useDatasetName } from "../../../components/data/use-dataset-name";

export default function DataLibraryPage() {
  return <RequireUser>{() => <Library />}</RequireUser>;
}

function Library() {
  const { m, describe } = useI18n();
  const t = m.data.library;
  const { id } = useParams<{ id: string }>();
  const [datasets, setDatasets] = useState<TDatasetView[] | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Bumped after an upload or a deletion: the list is read again.
  const [version, setVersion] = useState(0);
  const load = () => setVersion((v) => v + 1);

  useEffect(() => {
    let live = true;
    void api.datasets.classroomLibrary({ id }).then((result) => {
      if (!live) return;
      if (result.ok) setDatasets(result.data.datasets);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id, version]);

  if (error && datasets === null) return <FormError message={error.reason === "not_teacher" ? t.teachersOnly : describe(error)} />;
  if (datasets === null) return <p role="status">{t.loading}</p>;
  const uploads = datasets.filter((d) => d.example === null);
  const examples = datasets.filter((d) => d.example !== null);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold">{t.title}</h1>
        <Link href={`/classrooms/${id}`} className="ml-auto font-semibold text-indigo-800 underline">
          {t.back}
        </Link>
      </div>
      <p className="max-w-3xl text-slate-800">{t.intro}</p>
      <FormError message={error ? describe(error) : null} />
      <Card>
        <h2 className="mb-3 text-2xl font-bold">{m.data.upload.title}</h2>
        {saved && (
          <p role="status" className="mb-3 rounded bg-green-100 px-3 py-2 font-medium text-green-900">
            {format(m.data.upload.saved, { name: saved })}
          </p>
        )}
        <UploadForm
          classroomId={id}
          onSaved={(dataset) => {
            setSaved(dataset.name);
            setError(null);
            load();
          }}
        />
      </Card>
      <Card>
        <h2 className="mb-3 text-2xl font-bold">{t.uploads}</h2>
        {uploads.length === 0 ? <p>{t.none}</p> : <DatasetList datasets={uploads} onDeleted={load} onError={setError} />}
      </Card>
      <Card>
        <h2 className="mb-1 text-2xl font-bold">{t.examples}</h2>
        <p className="mb-3 text-sm text-slate-700">{t.examplesNote}</p>
        <DatasetList datasets={examples} onDeleted={() => undefined} onError={setError} />
      </Card>
    </div>
  );
}

function DatasetList({ datasets, onDeleted, onError }: { datasets: TDatasetView[]; onDeleted(): void; onError(error: ErrorBody): void }) {
  return (
    <ul className="divide-y divide-slate-200" data-testid="dataset-list">
      {datasets.map((dataset) => (
        <DatasetItem key={dataset.id} dataset={dataset} onDeleted={onDeleted} onError={onError} />
      ))}
    </ul>
  );
}

function DatasetItem({ dataset, onDeleted, onError }: { dataset: TDatasetView; onDeleted(): void; onError(error: ErrorBody): void }) {
  const { m, fmt } = useI18n();
  const t = m.data.library;
  const nameOf = useDatasetName();
  const [values, setValues] = useState<TDatasetWithValues | null>(null);
  const [open, setOpen] = useState(false);
  const name = nameOf(dataset);

  async function toggle() {
    if (!open && values === null) {
      const result = await api.datasets.get({ id: dataset.id });
      if (!result.ok) {
        onError(result.error);
        return;
      }
      setValues(result.data.dataset);
    }
    setOpen(!open);
  }

  async function remove() {
    if (!window.confirm(format(t.deleteConfirm, { name }))) return;
    const result = await api.datasets.delete({ id: dataset.id });
    if (result.ok) onDeleted();
    else onError(result.error);
  }

  return (
    <li className="space-y-2 py-3" data-testid="dataset" data-dataset-id={dataset.id}>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span className="text-lg font-semibold">{name}</span>
        <span className="text-sm text-slate-700">{format(t.points, { n: fmt.integer(dataset.length) })}</span>
        <span className="text-sm text-slate-700">{format(t.scaling, { scaling: m.data.upload.scalings[dataset.scaling] })}</span>
        {dataset.valueColumn && (
          <span className="text-sm text-slate-700">{format(t.columns, { value: dataset.valueColumn, time: dataset.timeColumn ? format(t.timeColumn, { time: dataset.timeColumn }) : "" })}</span>
        )}
        {dataset.createdAt && <span className="text-sm text-slate-700">{format(t.uploaded, { date: fmt.dateTime(dataset.createdAt) })}</span>}
        <span className="ml-auto flex gap-2">
          <Button variant="secondary" aria-expanded={open} onClick={() => void toggle()}>
            {open ? t.hide : t.show}
          </Button>
          {dataset.deletable && (
            <Button variant="danger" aria-label={format(t.deleteLabel, { name })} onClick={() => void remove()}>
              {t.delete}
            </Button>
          )}
        </span>
      </div>
      {dataset.example && <p className="text-sm text-slate-700">{m.data.examples[dataset.example].source}</p>}
      {open && values && <SeriesChart values={values.values} times={values.times} label={format(m.data.series.chart, { n: fmt.integer(values.values.length) })} />}
    </li>
  );
}
