"use client";
/**
 * The teacher's view of a homework: every student, submitted or not yet, with the submissions they used and their
 * best public score. Read from the server when shown, when the race changes (it opened or closed), and on request.
 */
import { useEffect, useState } from "react";
import type { THomeworkProgress } from "@/lib/api/homework";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { NO_VALUE } from "@/lib/i18n/format-values";
import type { RaceView } from "@/lib/realtime/race";
import { Button, FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import { useI18n } from "../../_lib/i18n";

export function HomeworkProgress({ race }: { race: RaceView }) {
  const { m, fmt, describe } = useI18n();
  const t = m.homework.progress;
  const [progress, setProgress] = useState<THomeworkProgress | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  // Bumped by the refresh button: the effect reads again.
  const [reads, setReads] = useState(0);
  useEffect(() => {
    let current = true;
    void api.races.progress({ raceId: race.id }).then((result) => {
      if (!current) return;
      setProgress(result.ok ? result.data : null);
      setError(result.ok ? null : result.error);
    });
    return () => {
      current = false;
    };
  }, [race.id, race.status, reads]);

  const done = progress?.rows.filter((r) => r.used > 0).length ?? 0;
  return (
    <section className="space-y-2" aria-label={format(t.title, { name: race.name })} data-testid="homework-progress">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-lg font-bold">{format(t.title, { name: race.name })}</h3>
        <Button variant="secondary" onClick={() => setReads((n) => n + 1)}>
          {t.refresh}
        </Button>
      </div>
      <FormError message={error && describe(error)} />
      {!progress && !error && <p role="status">{t.loading}</p>}
      {progress && progress.rows.length === 0 && <p>{t.none}</p>}
      {progress && progress.rows.length > 0 && (
        <>
          <p data-testid="homework-summary">{format(t.summary, { done: fmt.integer(done), total: fmt.integer(progress.rows.length) })}</p>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b border-slate-300">
                  <th scope="col" className="py-1 pr-3">{t.student}</th>
                  <th scope="col" className="py-1 pr-3">{t.state}</th>
                  <th scope="col" className="py-1 pr-3">{t.used}</th>
                  <th scope="col" className="py-1 pr-3">{t.best}</th>
                  <th scope="col" className="py-1">{t.last}</th>
                </tr>
              </thead>
              <tbody>
                {progress.rows.map((row) => (
                  <tr key={row.userId} className="border-b border-slate-100" data-testid="homework-row">
                    <th scope="row" className="py-1 pr-3 font-semibold">{row.displayName}</th>
                    <td className="py-1 pr-3">
                      <span className={`rounded px-2 py-0.5 font-semibold ${row.used > 0 ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>{row.used > 0 ? t.yes : t.notYet}</span>
                    </td>
                    <td className="py-1 pr-3">{format(t.usedOf, { used: fmt.integer(row.used), limit: fmt.integer(progress.limit) })}</td>
                    <td className="py-1 pr-3 font-mono">{fmt.loss(row.bestPublicScore)}</td>
                    <td className="py-1">{row.lastAt === null ? NO_VALUE : fmt.dateTime(new Date(row.lastAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
