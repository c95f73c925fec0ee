"use client";
/**
 * Adding a series: a CSV file or pasted values, read in the page with the server's own reader (lib/data/upload)
 * as they are typed or chosen, so every problem shows with its row before anything is sent; the columns to use
 * when there are several; the scaling with its parameters; a preview chart; then the upload. The server reads the
 * text again and stores nothing unless it agrees.
 */
import { useMemo, useState, type FormEvent } from "react";
import { api } from "@/app/_lib/api";
import { useI18n } from "@/app/_lib/i18n";
import { Button, FormError } from "@/app/_components/form";
import { SeriesChart } from "@/app/components/charts/SeriesChart";
import type { TDatasetView } from "@/lib/api/datasets";
import { DATASET_NAME_MAX_LENGTH } from "@/lib/auth/names";
import { SCALINGS, type Scaling } from "@/lib/data/scaling";
import { readSeriesUpload, UPLOAD_LIMITS, type UploadColumn, type UploadProblem } from "@/lib/data/upload";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { paramsOrNull, ScalingNote } from "./ScalingNote";

const inputClass = "mt-1 block w-full rounded border-2 border-slate-500 bg-white px-2 py-1 text-slate-900";

export interface UploadFormProps {
  /** A classroom's library, or null for the user's own data. */
  classroomId: string | null;
  onSaved(dataset: TDatasetView): void;
}

export function UploadForm({ classroomId, onSaved }: UploadFormProps) {
  const { m, fmt, describe } = useI18n();
  const t = m.data.upload;
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [name, setName] = useState("");
  // The name taken from the last file's: replaced by the next file's unless the user typed their own.
  const [autoName, setAutoName] = useState("");
  const [valueColumn, setValueColumn] = useState<number | undefined>(undefined);
  const [timeColumn, setTimeColumn] = useState<number | null | undefined>(undefined);
  const [scaling, setScaling] = useState<Scaling>("standardise");
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [busy, setBusy] = useState(false);

  const read = useMemo(() => (text.trim() === "" ? null : readSeriesUpload(text, { valueColumn, timeColumn })), [text, valueColumn, timeColumn]);
  const columns: UploadColumn[] = (read?.ok ? read.series.columns : read?.columns) ?? [];
  const series = read?.ok ? read.series : null;
  const columnName = (c: UploadColumn) => c.header ?? format(t.column, { n: fmt.integer(c.index + 1) });
  const problemText = (p: UploadProblem) => describe({ code: "invalid_dataset", reason: p.problem, values: p.row === undefined ? p.values : { ...p.values, row: p.row } });
  const scalable = series !== null && paramsOrNull(scaling, series.values) !== null;

  async function chooseFile(file: File | undefined) {
    setFileError(null);
    setError(null);
    if (!file) return;
    // Not even read when it is over the cap: a wrong file can be large.
    if (file.size > UPLOAD_LIMITS.bytes) {
      setFileError(format(t.tooLarge, { size: fmt.integer(file.size), max: fmt.integer(UPLOAD_LIMITS.bytes) }));
      return;
    }
    setFileName(file.name);
    setValueColumn(undefined);
    setTimeColumn(undefined);
    setText(await file.text());
    if (name.trim() === "" || name === autoName) {
      const fromFile = file.name.replace(/\.[^.]+$/, "").slice(0, DATASET_NAME_MAX_LENGTH);
      setName(fromFile);
      setAutoName(fromFile);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!series || !scalable) return;
    setBusy(true);
    setError(null);
    const body = {
      name,
      text,
      fileName,
      ...(valueColumn === undefined ? {} : { valueColumn }),
      ...(timeColumn === undefined ? {} : { timeColumn }),
      scaling,
    };
    const result = classroomId === null ? await api.datasets.upload({ body }) : await api.datasets.uploadToClassroom({ id: classroomId, body });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setText("");
    setFileName(null);
    setName("");
    setAutoName("");
    setValueColumn(undefined);
    setTimeColumn(undefined);
    onSaved(result.data.dataset);
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label={classroomId === null ? t.ownTitle : t.title} noValidate>
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block font-medium">
          {t.file}
          <input
            name="dataset-file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv,text/plain"
            className="mt-1 block w-full text-sm"
            aria-describedby="dataset-file-hint"
            onChange={(e) => void chooseFile(e.target.files?.[0])}
          />
          <span id="dataset-file-hint" className="mt-1 block text-sm font-normal text-slate-700">
            {t.fileHint}
          </span>
        </label>
        <label className="block font-medium">
          {t.paste}
          <textarea
            name="dataset-text"
            rows={5}
            className={`${inputClass} font-mono text-sm`}
            placeholder={t.pastePlaceholder}
            value={text.length > 20_000 ? "" : text}
            disabled={text.length > 20_000}
            onChange={(e) => {
              setFileName(null);
              setText(e.target.value);
            }}
          />
        </label>
      </div>
      <FormError message={fileError} />

      {columns.length > 1 && (
        <div className="grid gap-4 sm:grid-cols-2">
          <label className="block font-medium">
            {t.valueColumn}
            <select name="value-column" className={inputClass} value={valueColumn ?? series?.valueColumn ?? ""} onChange={(e) => setValueColumn(e.target.value === "" ? undefined : Number(e.target.value))}>
              {series === null && valueColumn === undefined && <option value="">—</option>}
              {columns.map((c) => (
                <option key={c.index} value={c.index}>
                  {columnName(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="block font-medium">
            {t.timeColumn}
            <select
              name="time-column"
              className={inputClass}
              value={timeColumn === null ? "none" : (timeColumn ?? series?.timeColumn ?? "none")}
              onChange={(e) => setTimeColumn(e.target.value === "none" ? null : Number(e.target.value))}
            >
              <option value="none">{t.noTimeColumn}</option>
              {columns.map((c) => (
                <option key={c.index} value={c.index}>
                  {columnName(c)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}

      {read && !read.ok && (
        <div role="alert" className="rounded border-2 border-red-700 bg-red-50 px-3 py-2 text-red-900" data-testid="upload-problems">
          <p className="font-semibold">{t.problems}</p>
          <ul className="mt-1 list-disc pl-5">
            {read.problems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
          <p className="mt-1 text-sm">{t.moreProblems}</p>
        </div>
      )}

      {series && (
        <section aria-label={t.preview} className="space-y-3" data-testid="upload-preview">
          <h3 className="text-lg font-semibold">{t.preview}</h3>
          <p className="text-sm text-slate-800">
            {format(t.read, { n: fmt.integer(series.values.length), first: fmt.integer(series.firstRow), last: fmt.integer(series.firstRow + series.values.length - 1) })}{" "}
            {series.times && format(t.readTimes, { first: series.times[0] ?? "", last: series.times.at(-1) ?? "" })}
          </p>
          <SeriesChart values={series.values} times={series.times} label={format(t.chart, { n: fmt.integer(series.values.length) })} />
          <div className="grid gap-4 sm:grid-cols-2">
            <label className="block font-medium">
              {t.name}
              <input name="dataset-name" className={inputClass} value={name} maxLength={DATASET_NAME_MAX_LENGTH} required onChange={(e) => setName(e.target.value)} />
            </label>
            <fieldset>
              <legend className="font-medium">{t.scaling}</legend>
              <div className="mt-1 flex flex-wrap gap-4">
                {SCALINGS.map((kind) => (
                  <label key={kind} className="flex items-center gap-1">
                    <input type="radio" name="scaling" value={kind} checked={scaling === kind} onChange={() => setScaling(kind)} />
                    {t.scalings[kind]}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
          <ScalingNote kind={scaling} values={series.values} race={classroomId !== null} />
          <FormError message={error ? describe(error) : null} />
          <Button type="submit" disabled={busy || !scalable || name.trim() === ""}>
            {busy ? t.saving : classroomId === null ? t.saveOwn : t.save}
          </Button>
        </section>
      )}
    </form>
  );
}
