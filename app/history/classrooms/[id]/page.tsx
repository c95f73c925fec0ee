"use client";
/** A classroom's runs as a sweep: the parallel-coordinates chart, its races (replays) and, for its teacher, the report. */
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { FormError } from "../../../_components/form";
import { RequireUser } from "../../../_components/require-user";
import { api } from "../../../_lib/api";
import { format, m } from "../../../_lib/messages";
import { buttonClass, cardClass, formatWhen } from "../../format";
import { SweepSection } from "../../SweepSection";

const t = m.history;

interface Races {
  classroomName: string;
  role: "teacher" | "student";
  races: { id: string; name: string; status: string; startsAt: string | null }[];
}

export default function ClassroomHistoryPage() {
  const { id } = useParams<{ id: string }>();
  return <RequireUser>{() => <ClassroomHistory id={id} />}</RequireUser>;
}

function ClassroomHistory({ id }: { id: string }) {
  const [races, setRaces] = useState<Races | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.get<Races>(`/api/history/races?classroomId=${encodeURIComponent(id)}`).then((result) => {
      if (!live) return;
      if (result.ok) setRaces(result.data);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (error) return <FormError message={error} />;
  if (!races) return <p role="status">{m.common.loading}</p>;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link href="/history" className="text-sm text-blue-800 underline">
            {t.run.back}
          </Link>
          <h1 className="mt-1 text-2xl font-bold text-slate-900 sm:text-3xl">{format(t.classroom.title, { name: races.classroomName })}</h1>
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
      <SweepSection query={`classroomId=${encodeURIComponent(id)}`} />
      {races.races.length > 0 && (
        <section className={cardClass}>
          <ul className="space-y-1">
            {races.races.map((race) => (
              <li key={race.id}>
                <Link href={`/history/races/${race.id}`} className="font-medium text-blue-800 underline">
                  {format(t.replay.title, { name: race.name })}
                </Link>
                {race.startsAt && <span className="ml-2 text-sm text-slate-700">{formatWhen(race.startsAt)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
