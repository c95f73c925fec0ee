"use client";
/** The teacher's classroom report: per student runs, race attempts, best verified score; the distribution; CSV. */
import Link from "next/link";
import { csvHeader, toCsv } from "@/lib/history/csv";
import { REPORT_CSV_COLUMNS, reportRows, type StudentStats } from "@/lib/history/report";
import { format } from "@/lib/i18n";
import { NO_VALUE } from "@/lib/i18n/format-values";
import { api } from "../../../../_lib/api";
import { useI18n } from "../../../../_lib/i18n";
import { pending, signedInIdPage, useApiResource } from "../../../resource";
import { buttonClass, cardClass, downloadCsv } from "../../../ui";
import { ScrollBox } from "@/app/_components/scroll-box";

export default signedInIdPage(Report);

function Report({ id }: { id: string }) {
  const { m, fmt } = useI18n();
  const t = m.history.report;
  const resource = useApiResource(api.history.report, { query: { classroomId: id } });
  const report = resource.data;
  if (!report) return pending(resource);
  const stats: StudentStats[] = report.students.map((s) => ({ ...s, lastRunAt: s.lastRunAt ? new Date(s.lastRunAt) : null }));
  const maxCount = Math.max(1, ...report.distribution.counts);

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href={`/history/classrooms/${id}`} className="text-sm text-blue-800 underline">
            {m.common.back}
          </Link>
          <h1 className="mt-1 text-2xl font-bold text-slate-900 sm:text-3xl">{format(t.title, { name: report.classroomName })}</h1>
          <p className="mt-1 text-slate-700">{t.intro}</p>
        </div>
        <button
          type="button"
          className={buttonClass}
          onClick={() => downloadCsv(`report-${report.classroomName.replace(/[^\p{L}\p{N}_-]+/gu, "_")}.csv`, toCsv(csvHeader(REPORT_CSV_COLUMNS, m.history.csv.report), reportRows(stats)))}
        >
          {t.exportCsv}
        </button>
      </header>
      <section className={cardClass}>
        <ScrollBox label={format(t.title, { name: report.classroomName })}>
          <table className="min-w-full text-left text-sm" data-testid="report-table">
            <thead className="border-b border-slate-300 text-xs uppercase text-slate-700">
              <tr>
                <th scope="col" className="px-2 py-2">{t.student}</th>
                <th scope="col" className="px-2 py-2 text-right">{t.runs}</th>
                <th scope="col" className="px-2 py-2 text-right">{t.raceRuns}</th>
                <th scope="col" className="px-2 py-2 text-right">{t.attempts}</th>
                <th scope="col" className="px-2 py-2 text-right">{t.best}</th>
                <th scope="col" className="px-2 py-2 text-right">{t.bestLoss}</th>
                <th scope="col" className="px-2 py-2">{t.lastRun}</th>
              </tr>
            </thead>
            <tbody>
              {report.students.map((s) => (
                <tr key={s.userId} className="border-b border-slate-100" data-testid="report-row" data-user={s.displayName}>
                  <th scope="row" className="px-2 py-1.5 font-medium">{s.displayName}</th>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(s.runs)}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(s.raceRuns)}</td>
                  <td className="px-2 py-1.5 text-right">{fmt.integer(s.attempts)}</td>
                  <td className="px-2 py-1.5 text-right font-mono" data-testid="report-best">
                    {fmt.loss(s.bestVerifiedScore)}
                  </td>
                  <td className="px-2 py-1.5 text-right font-mono">{fmt.loss(s.bestFinalLoss)}</td>
                  <td className="px-2 py-1.5">{s.lastRunAt ? fmt.dateTime(s.lastRunAt) : NO_VALUE}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      <section className={cardClass} aria-labelledby="distribution">
        <h2 id="distribution" className="mb-3 font-semibold text-slate-900">
          {t.distribution}
        </h2>
        {report.distribution.counts.length === 0 ? (
          <p className="text-sm text-slate-700">{t.noScores}</p>
        ) : (
          <ul className="space-y-1" data-testid="distribution">
            {report.distribution.counts.map((count, i) => (
              <li key={i} className="grid grid-cols-[10rem_1fr_2rem] items-center gap-2 text-xs">
                <span className="font-mono text-slate-800">
                  {format(t.bin, { from: fmt.axis(report.distribution.edges[i]!), to: fmt.axis(report.distribution.edges[i + 1]!) })}
                </span>
                <span className="block h-4 rounded bg-blue-800" style={{ width: `${(100 * count) / maxCount}%`, minWidth: count ? "0.25rem" : 0 }} aria-hidden="true" />
                <span className="text-right text-slate-900">{fmt.integer(count)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
