"use client";
/**
 * The history table. The address is the state: filters, sort and page live in the search parameters (parsed with
 * the same zod model as the API), so a view can be bookmarked, shared with a teacher, or reloaded.
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { SessionUser } from "@/lib/api/auth";
import type { ClassroomListing } from "@/lib/classroom/views";
import type { ErrorBody } from "@/lib/errors";
import { csvHeader, toCsv } from "@/lib/history/csv";
import { historySearchParams, parseHistoryQuery, type HistoryQuery, type HistorySortKey } from "@/lib/history/query";
import { HISTORY_CSV_COLUMNS, historyCsvRows, whereLabel, type HistoryPageView } from "@/lib/history/views";
import { format, type Messages } from "@/lib/i18n";
import type { IssueLike } from "@/lib/i18n/describe-issue";
import { NO_VALUE } from "@/lib/i18n/format-values";
import { engineName, optimizerName } from "@/lib/i18n/names";
import { FormError } from "../_components/form";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { buttonClass, cardClass, downloadCsv, inputClass, primaryButtonClass } from "./ui";
import { ScrollBox } from "../_components/scroll-box";

const COMPARE_MAX = 10;

type Column = { key: keyof Messages["history"]["columns"]; sort?: HistorySortKey; numeric?: boolean };
const COLUMNS: Column[] = [
  { key: "when", sort: "startedAt" },
  { key: "where" },
  { key: "cell", sort: "cell" },
  { key: "layers", sort: "layers", numeric: true },
  { key: "hidden", sort: "hidden", numeric: true },
  { key: "optimizer", sort: "optimizer" },
  { key: "learningRate", sort: "learningRate", numeric: true },
  { key: "batchSize", sort: "batchSize", numeric: true },
  { key: "epochs", sort: "epochs", numeric: true },
  { key: "finalTrainLoss", sort: "finalTrainLoss", numeric: true },
  { key: "finalValLoss", sort: "finalValLoss", numeric: true },
  { key: "verifiedScore", sort: "verifiedScore", numeric: true },
  { key: "rank", numeric: true },
  { key: "speed", sort: "msPerEpoch", numeric: true },
  { key: "tags" },
];

type FilterField = "q" | "cell" | "kind" | "classroomId" | "from" | "to" | "minScore" | "maxScore" | "tag";
const FILTER_FIELDS: FilterField[] = ["q", "cell", "kind", "classroomId", "from", "to", "minScore", "maxScore", "tag"];

export function HistoryList({ user }: { user: SessionUser }) {
  const { m, fmt, describe, issue } = useI18n();
  const t = m.history;
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const parsed = useMemo(() => parseHistoryQuery(new URLSearchParams(params.toString())), [params]);
  const query: HistoryQuery = parsed.ok ? parsed.query : { sort: "startedAt", dir: "desc", page: 1, pageSize: 25 };
  const queryString = historySearchParams(query).toString();

  // Answers are kept with the address they answer, so a stale page never shows under a new address.
  const [answer, setAnswer] = useState<{ key: string; data: HistoryPageView | null; error: ErrorBody | null } | null>(null);
  const [formIssue, setFormIssue] = useState<IssueLike | null>(null);
  const [classrooms, setClassrooms] = useState<ClassroomListing[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const current = answer?.key === queryString ? answer : null;
  const data = current?.data ?? null;
  const error = !parsed.ok ? issue(parsed.issue) : (formIssue ? issue(formIssue) : current?.error ? describe(current.error) : null);

  useEffect(() => {
    let live = true;
    void api.classrooms.list({}).then((result) => {
      if (live && result.ok) setClassrooms(result.data.classrooms);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!parsed.ok) return;
    let live = true;
    // The address's own parameters (defaults left out): the server reads them with the same schema.
    void api.history.list({ query: Object.fromEntries(new URLSearchParams(queryString)) }).then((result) => {
      if (!live) return;
      setAnswer(result.ok ? { key: queryString, data: result.data, error: null } : { key: queryString, data: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [queryString, parsed.ok]);

  const navigate = (next: Partial<HistoryQuery>) => {
    const search = historySearchParams({ ...query, ...next }).toString();
    router.push(search ? `${pathname}?${search}` : pathname);
  };

  const onFilter = (draft: Record<FilterField, string>) => {
    const candidate = parseHistoryQuery({ ...draft, sort: query.sort, dir: query.dir });
    if (!candidate.ok) {
      setFormIssue(candidate.issue);
      return;
    }
    setFormIssue(null);
    navigate({ ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, undefined])), ...candidate.query, page: 1 });
  };

  const sortBy = (key: HistorySortKey) => navigate({ sort: key, dir: query.sort === key && query.dir === "desc" ? "asc" : "desc", page: 1 });
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : s.length >= COMPARE_MAX ? s : [...s, id]));
  const selectedClassroom = classrooms.find((c) => c.classroom.id === query.classroomId);
  // A teacher's history holds their students' runs: whose run it is matters (their own say "you" by their name).
  const showStudent = selectedClassroom ? selectedClassroom.role === "teacher" : classrooms.some((c) => c.role === "teacher");

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">{t.title}</h1>
        <p className="mt-1 max-w-3xl text-slate-700">{user.kind === "teacher" ? t.teacherIntro : t.intro}</p>
      </header>

      {classrooms.length > 0 && (
        <nav aria-label={t.classroom.yourClassrooms} className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-slate-800">{t.classroom.yourClassrooms}:</span>
          {classrooms.map((c) => (
            <span key={c.classroom.id} className="flex items-center gap-1">
              <Link className="text-blue-800 underline" href={`/history/classrooms/${c.classroom.id}`}>
                {c.classroom.name}
              </Link>
              {c.role === "teacher" && (
                <Link className="text-xs text-blue-800 underline" href={`/history/classrooms/${c.classroom.id}/report`}>
                  ({t.classroom.openReport})
                </Link>
              )}
            </span>
          ))}
        </nav>
      )}
      <Filters key={queryString} query={query} classrooms={classrooms} onApply={onFilter} onClear={() => router.push(pathname)} />

      <FormError message={error} />

      <section className={cardClass} aria-label={t.title}>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm text-slate-700" role="status" data-testid="history-total">
            {data ? (data.total === 1 ? t.totalOne : format(t.total, { total: fmt.integer(data.total) })) : t.loading}
          </p>
          <div className="flex flex-wrap gap-2">
            {selected.length >= 2 ? (
              <Link href={`/history/compare?ids=${selected.join(",")}`} className={primaryButtonClass} data-testid="compare-selected">
                {format(t.compareSelected, { count: fmt.integer(selected.length) })}
              </Link>
            ) : (
              <button type="button" disabled className={primaryButtonClass} data-testid="compare-selected">
                {format(t.compareSelected, { count: fmt.integer(selected.length) })}
              </button>
            )}
            <button
              type="button"
              className={buttonClass}
              disabled={!data || data.runs.length === 0}
              onClick={() => data && downloadCsv("history.csv", toCsv(csvHeader(HISTORY_CSV_COLUMNS, t.csv.history), historyCsvRows(data.runs)))}
            >
              {t.exportCsv}
            </button>
          </div>
        </div>
        <p className="mb-2 text-xs text-slate-600">{t.compareHint}</p>
        <ScrollBox label={t.title}>
          <table className="min-w-full text-left text-sm" data-testid="history-table">
            <thead className="border-b border-slate-300 text-xs uppercase tracking-wide text-slate-700">
              <tr>
                <th scope="col" className="px-2 py-2">
                  <span className="sr-only">{t.columns.select}</span>
                </th>
                {showStudent && (
                  <th scope="col" className="px-2 py-2">
                    {t.columns.student}
                  </th>
                )}
                {COLUMNS.map((column) => {
                  const active = column.sort !== undefined && query.sort === column.sort;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      className={`whitespace-nowrap px-2 py-2 ${column.numeric ? "text-right" : ""}`}
                      aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
                    >
                      {column.sort ? (
                        <button
                          type="button"
                          onClick={() => sortBy(column.sort!)}
                          className="rounded font-semibold uppercase hover:underline focus-visible:outline-2 focus-visible:outline-blue-700"
                          aria-label={format(t.sortBy, { column: t.columns[column.key] })}
                        >
                          {t.columns[column.key]}
                          {active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}
                        </button>
                      ) : (
                        t.columns[column.key]
                      )}
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {data?.runs.map((run) => (
                <tr key={run.id} className="border-b border-slate-100 hover:bg-slate-50" data-run-id={run.id}>
                  <td className="px-2 py-1.5">
                    <input
                      type="checkbox"
                      className="h-4 w-4"
                      checked={selected.includes(run.id)}
                      onChange={() => toggle(run.id)}
                      aria-label={`${t.columns.select} ${fmt.dateTime(run.startedAt)}`}
                    />
                  </td>
                  {showStudent && <td className="px-2 py-1.5">{run.studentName}</td>}
                  <td className="whitespace-nowrap px-2 py-1.5">
                    <Link href={`/runs/${run.id}`} className="font-medium text-blue-800 underline hover:text-blue-950">
                      {fmt.dateTime(run.startedAt)}
                    </Link>
                    {run.status !== "finished" && <span className="ml-1 text-xs text-slate-600">({t.status[run.status as keyof typeof t.status] ?? run.status})</span>}
                  </td>
                  <td className="max-w-[12rem] truncate whitespace-nowrap px-2 py-1.5" title={whereLabel(run, t.playground, m.pytorch.importedLabel)}>
                    {whereLabel(run, t.playground, m.pytorch.importedLabel)}
                  </td>
                  <td className="px-2 py-1.5">{run.cell}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(run.layers)}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(run.hidden)}</td>
                  <td className="px-2 py-1.5">{optimizerName(m, run.optimizer)}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.setting(run.learningRate)}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(run.batchSize)}</td>
                  <td className="px-2 py-1.5 text-right">
                    {run.lastEpoch === run.epochs ? fmt.integer(run.epochs) : `${fmt.integer(run.lastEpoch)}/${fmt.integer(run.epochs)}`}
                  </td>
                  <td className="px-2 py-1.5 text-right font-mono">{fmt.loss(run.finalTrainLoss)}</td>
                  <td className="px-2 py-1.5 text-right font-mono">{fmt.loss(run.finalValLoss)}</td>
                  <td className="px-2 py-1.5 text-right font-mono">{fmt.loss(run.verifiedScore)}</td>
                  <td className="px-2 py-1.5 text-right" data-testid="history-rank">
                    {run.rank === null ? NO_VALUE : fmt.integer(run.rank)}
                  </td>
                  <td className="whitespace-nowrap px-2 py-1.5 text-right">
                    {fmt.ms(run.msPerEpoch)}
                    {run.backend && (
                      <span className="ml-1 text-xs text-slate-600" title={run.backend}>
                        {engineName(m, run.backend)}
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-1.5">
                    {run.tags.map((tag) => (
                      <span key={tag} className="mr-1 inline-block rounded bg-slate-200 px-1.5 text-xs text-slate-900">
                        {tag}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        {data && data.runs.length === 0 && <p className="py-6 text-center text-slate-700">{t.empty}</p>}
        {data && data.runs.length > 0 && <p className="mt-2 text-xs text-slate-700">{t.scoreNote}</p>}
        {data && data.pageCount > 1 && (
          <nav className="mt-3 flex items-center justify-between gap-2" aria-label={format(t.pageOf, { page: fmt.integer(data.page), pages: fmt.integer(data.pageCount) })}>
            <button type="button" className={buttonClass} disabled={data.page <= 1} onClick={() => navigate({ page: data.page - 1 })}>
              {t.previous}
            </button>
            <span className="text-sm text-slate-700">{format(t.pageOf, { page: fmt.integer(data.page), pages: fmt.integer(data.pageCount) })}</span>
            <button type="button" className={buttonClass} disabled={data.page >= data.pageCount} onClick={() => navigate({ page: data.page + 1 })}>
              {t.next}
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}

function Filters({
  query,
  classrooms,
  onApply,
  onClear,
}: {
  query: HistoryQuery;
  classrooms: ClassroomListing[];
  onApply(draft: Record<FilterField, string>): void;
  onClear(): void;
}) {
  const t = useI18n().m.history;
  const [draft, setDraft] = useState<Record<FilterField, string>>(() => toDraft(query));
  const selectedClassroom = classrooms.find((c) => c.classroom.id === query.classroomId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
  <form onSubmit={submit} className={`${cardClass} grid gap-3 sm:grid-cols-2 lg:grid-cols-5`} aria-label={t.filters.legend} noValidate>
    <label className="text-sm font-medium text-slate-800 sm:col-span-2">
      {t.filters.search}
      <input type="search" name="q" className={inputClass} value={draft.q} placeholder={t.filters.searchHint} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.cell}
      <select name="cell" className={inputClass} value={draft.cell} onChange={(e) => setDraft({ ...draft, cell: e.target.value })}>
        <option value="">{t.filters.anyCell}</option>
        {["RNN", "LSTM", "GRU"].map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.kind}
      <select name="kind" className={inputClass} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
        <option value="">{t.filters.anyKind}</option>
        <option value="playground">{t.filters.kinds.playground}</option>
        <option value="race">{t.filters.kinds.race}</option>
        <option value="imported">{t.filters.kinds.imported}</option>
      </select>
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.classroom}
      <select name="classroomId" className={inputClass} value={draft.classroomId} onChange={(e) => setDraft({ ...draft, classroomId: e.target.value })}>
        <option value="">{t.filters.anyClassroom}</option>
        {classrooms.map((c) => (
          <option key={c.classroom.id} value={c.classroom.id}>
            {c.classroom.name}
          </option>
        ))}
      </select>
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.from}
      <input type="date" name="from" className={inputClass} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.to}
      <input type="date" name="to" className={inputClass} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.minScore}
      <input inputMode="decimal" name="minScore" className={inputClass} value={draft.minScore} onChange={(e) => setDraft({ ...draft, minScore: e.target.value })} />
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.maxScore}
      <input inputMode="decimal" name="maxScore" className={inputClass} value={draft.maxScore} onChange={(e) => setDraft({ ...draft, maxScore: e.target.value })} />
    </label>
    <label className="text-sm font-medium text-slate-800">
      {t.filters.tag}
      <input name="tag" className={inputClass} value={draft.tag} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} />
    </label>
    <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-5">
      <button type="submit" className={primaryButtonClass}>
        {t.filters.apply}
      </button>
      <button type="button" className={buttonClass} onClick={onClear}>
        {t.filters.clear}
      </button>
      {selectedClassroom && (
        <>
          <Link className={buttonClass} href={`/history/classrooms/${selectedClassroom.classroom.id}`}>
            {t.classroom.sweepTitle}
          </Link>
          {selectedClassroom.role === "teacher" && (
            <Link className={buttonClass} href={`/history/classrooms/${selectedClassroom.classroom.id}/report`}>
              {t.classroom.openReport}
            </Link>
          )}
        </>
      )}
    </div>
  </form>
  );
}

function toDraft(query: HistoryQuery): Record<FilterField, string> {
  return Object.fromEntries(FILTER_FIELDS.map((f) => [f, query[f] === undefined ? "" : String(query[f])])) as Record<FilterField, string>;
}
