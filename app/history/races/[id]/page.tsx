"use client";
/** A race after the fact: the replay of every visible run's curve on the race clock, and the race's sweep chart. */
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { FormError } from "../../../_components/form";
import { RequireUser } from "../../../_components/require-user";
import { api } from "../../../_lib/api";
import { format, m } from "../../../_lib/messages";
import { RaceReplay, type ReplayData } from "../../RaceReplay";
import { SweepSection } from "../../SweepSection";

export default function RaceHistoryPage() {
  const { id } = useParams<{ id: string }>();
  return <RequireUser>{() => <RaceHistory id={id} />}</RequireUser>;
}

function RaceHistory({ id }: { id: string }) {
  const [replay, setReplay] = useState<ReplayData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.get<ReplayData>(`/api/history/replay?raceId=${encodeURIComponent(id)}`).then((result) => {
      if (!live) return;
      if (result.ok) setReplay(result.data);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [id]);
  if (error) return <FormError message={error} />;
  if (!replay) return <p role="status">{m.common.loading}</p>;
  return (
    <div className="space-y-6">
      <header>
        <Link href="/history" className="text-sm text-blue-800 underline">
          {m.history.run.back}
        </Link>
        <h1 className="mt-1 text-2xl font-bold text-slate-900 sm:text-3xl">{format(m.history.replay.title, { name: replay.race.name })}</h1>
        <p className="mt-1 text-slate-700">{m.history.replay.intro}</p>
        {replay.scope === "own" && <p className="mt-1 text-sm text-slate-700">{m.history.classroom.sweepOwn}</p>}
      </header>
      <RaceReplay replay={replay} />
      <SweepSection query={`raceId=${encodeURIComponent(id)}`} />
    </div>
  );
}
