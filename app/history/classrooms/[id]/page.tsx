"use client";
/** A classroom's runs as a sweep: the parallel-coordinates chart, its races (replays) and, for its teacher, the report. */
import Link from "next/link";
import { format } from "@/lib/i18n";
import { api } from "../../../_lib/api";
import { useI18n } from "../../../_lib/i18n";
import { HistoryTitle, pending, signedInIdPage, useApiResource } from "../../resource";
import { SweepSection } from "../../SweepSection";
import { buttonClass, cardClass } from "../../ui";

export default signedInIdPage(ClassroomHistory);

function ClassroomHistory({ id }: { id: string }) {
  const { m, fmt } = useI18n();
  const t = m.history;
  const resource = useApiResource(api.history.races, { query: { classroomId: id } });
  const races = resource.data;
  if (!races) return pending(resource);
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <HistoryTitle title={format(t.classroom.title, { name: races.classroomName })} />
        </div>
        <div className="flex flex-wrap gap-2">
          <Link className={buttonClass} href={`/history?classroomId=${id}`}>
            {t.classroom.openRuns}
          </Link>
          {races.role === "teacher" && (
            <Link className={buttonClass} href={`/history/classrooms/${id}/report`}>
              {t.classroom.openReport}
            </Link>
          )}
        </div>
      </header>
      <SweepSection classroomId={id} />
      {races.races.length > 0 && (
        <section className={cardClass}>
          <ul className="space-y-1">
            {races.races.map((race) => (
              <li key={race.id}>
                <Link href={`/history/races/${race.id}`} className="font-medium text-blue-800 underline">
                  {format(t.replay.title, { name: race.name })}
                </Link>
                {race.startsAt && <span className="ml-2 text-sm text-slate-700">{fmt.dateTime(race.startsAt)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
