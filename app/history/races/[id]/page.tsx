"use client";
/** A race after the fact: the replay of every visible run's curve on the race clock, and the race's sweep chart. */
import { format } from "@/lib/i18n";
import { api } from "../../../_lib/api";
import { useI18n } from "../../../_lib/i18n";
import { RaceReplay } from "../../RaceReplay";
import { SweepSection } from "../../SweepSection";
import { HistoryTitle, pending, signedInIdPage, useApiResource } from "../../resource";

export default signedInIdPage(RaceHistory);

function RaceHistory({ id }: { id: string }) {
  const { m } = useI18n();
  const resource = useApiResource(api.history.replay, { query: { raceId: id } });
  const replay = resource.data;
  if (!replay) return pending(resource);
  return (
    <div className="space-y-6">
      <header>
        <HistoryTitle title={format(m.history.replay.title, { name: replay.race.name })} />
        <p className="mt-1 text-slate-700">{m.history.replay.intro}</p>
        {replay.scope === "own" && <p className="mt-1 text-sm text-slate-700">{m.history.classroom.sweepOwn}</p>}
      </header>
      <RaceReplay replay={replay} />
      <SweepSection raceId={id} />
    </div>
  );
}
