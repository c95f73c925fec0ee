"use client";
/** The parallel-coordinates section of the classroom and race pages, with its scope notes. */
import Link from "next/link";
import { useEffect, useState } from "react";
import { ParallelCoordinates } from "@/app/components/charts/ParallelCoordinates";
import type { ErrorBody } from "@/lib/errors";
import type { TSweep } from "@/lib/api/history-responses";
import { format } from "@/lib/i18n";
import { optimizerName } from "@/lib/i18n/names";
import { FormError } from "../_components/form";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { cardClass } from "./ui";

/** Whose runs: a classroom's or a race's (one of the two). */
export function SweepSection({ classroomId, raceId }: { classroomId?: string; raceId?: string }) {
  const query = `${classroomId ?? ""}/${raceId ?? ""}`;
  const { m, fmt, describe } = useI18n();
  const t = m.history.classroom;
  const [answer, setAnswer] = useState<{ query: string; sweep: TSweep | null; error: ErrorBody | null } | null>(null);
  useEffect(() => {
    let live = true;
    void api.history.sweep({ query: { classroomId, raceId } }).then((result) => {
      if (live) setAnswer(result.ok ? { query, sweep: result.data, error: null } : { query, sweep: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [query, classroomId, raceId]);
  const current = answer?.query === query ? answer : null;
  if (current?.error) return <FormError message={describe(current.error)} />;
  const sweep = current?.sweep;
  return (
    <section className={cardClass}>
      {!sweep ? (
        <p role="status">{m.common.loading}</p>
      ) : (
        <>
          <ParallelCoordinates data={sweep.data} labels={{ title: t.sweepTitle, axes: t.axes, clear: t.clearBrushes, category: (axis, value) => (axis === "optimizer" ? optimizerName(m, value) : value) }} />
          <p className="mt-2 text-sm text-slate-700">{t.sweepIntro}</p>
          <p className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-700">
            <span>
              <svg width="24" height="6" aria-hidden="true" className="mr-1 inline">
                <line x1="0" y1="3" x2="24" y2="3" stroke="#334155" strokeWidth="2" />
              </svg>
              {t.verifiedLegend}
            </span>
            <span>
              <svg width="24" height="6" aria-hidden="true" className="mr-1 inline">
                <line x1="0" y1="3" x2="24" y2="3" stroke="#334155" strokeWidth="2" strokeDasharray="4 2" />
              </svg>
              {t.claimedLegend}
            </span>
          </p>
          {sweep.scope === "own" && <p className="mt-1 text-sm text-slate-700">{t.sweepOwn}</p>}
          {sweep.scope === "room" && <p className="mt-1 text-sm text-slate-700">{t.sweepRoom}</p>}
          {sweep.truncated && <p className="mt-1 text-sm text-slate-700">{format(t.sweepTruncated, { count: fmt.integer(sweep.data.lines.length) })}</p>}
          {sweep.data.omitted > 0 && <p className="mt-1 text-sm text-slate-700">{format(t.sweepOmitted, { count: fmt.integer(sweep.data.omitted) })}</p>}
          {/* The chart's content for keyboard and screen-reader users (and anyone who wants exact numbers). */}
          {sweep.data.lines.length > 0 && (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer rounded font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-700">{t.asTable}</summary>
              <div className="mt-2 max-h-96 overflow-auto">
                <table className="min-w-full text-left text-xs" data-testid="sweep-table">
                  <thead className="sticky top-0 bg-white text-slate-700">
                    <tr>
                      <th scope="col" className="px-2 py-1">
                        {t.run}
                      </th>
                      {sweep.data.axes.map((axis) => (
                        <th key={axis.key} scope="col" className="px-2 py-1">
                          {t.axes[axis.key]}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[...sweep.data.lines]
                      .sort((a, b) => a.score - b.score)
                      .map((line) => (
                        <tr key={line.id} className="border-t border-slate-100">
                          <th scope="row" className="px-2 py-1 font-normal">
                            <Link href={`/runs/${line.id}`} className="text-blue-800 underline">
                              {line.label}
                            </Link>
                          </th>
                          {sweep.data.axes.map((axis) => {
                            const value = line.values[axis.key];
                            return (
                              <td key={axis.key} className="px-2 py-1 font-mono">
                                {typeof value !== "number" ? (axis.key === "optimizer" ? optimizerName(m, value) : value) : axis.key === "score" ? fmt.loss(value) : fmt.setting(value)}
                              </td>
                            );
                          })}
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}
