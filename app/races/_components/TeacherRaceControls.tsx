"use client";
/** Start (with a countdown), pause, resume, extend and end: the teacher's race controls. */
import Link from "next/link";
import { useState } from "react";
import type { RaceView } from "@/lib/realtime/race";
import { Button, Card } from "../../_components/form";
import type { ErrorBody } from "@/lib/errors";
import { useI18n } from "../../_lib/i18n";
import { request, type RealtimeSocket } from "../../_lib/realtime";

export function TeacherRaceControls({ race, socket, onError }: { race: RaceView; socket: RealtimeSocket; onError(error: ErrorBody | null): void }) {
  const { m } = useI18n();
  const t = m.race.room;
  const h = m.homework;
  const [countdown, setCountdown] = useState(5);
  const [busy, setBusy] = useState(false);
  async function run(send: () => ReturnType<typeof request<"race:pause">>) {
    setBusy(true);
    const result = await send();
    setBusy(false);
    onError(result.ok ? null : result.error);
  }
  const raceId = race.id;
  if (race.kind === "homework") {
    // A homework runs on its own between its set times: the teacher may only close it early.
    return (
      <Card className="space-y-3">
        <h2 className="text-2xl font-bold">{t.controls}</h2>
        {race.status !== "ended" && (
          <Button variant="danger" disabled={busy} onClick={() => window.confirm(h.closeConfirm) && void run(() => request(socket, "race:end", { raceId }))}>
            {h.closeNow}
          </Button>
        )}
        <p className="text-sm text-slate-800">{h.revealHint}</p>
      </Card>
    );
  }
  return (
    <Card className="space-y-3">
      <h2 className="text-2xl font-bold">{t.controls}</h2>
      {race.status === "lobby" && (
        <div className="flex flex-wrap items-end gap-3">
          <label className="font-medium">
            {t.countdownSeconds}
            <input
              name="countdown"
              type="number"
              min={0}
              max={60}
              className="mt-1 block w-24 rounded border-2 border-slate-500 px-2 py-1"
              value={countdown}
              onChange={(e) => setCountdown(Math.max(0, Math.min(60, Math.round(Number(e.target.value) || 0))))}
            />
          </label>
          <Button disabled={busy} onClick={() => void run(() => request(socket, "race:start", { raceId, countdownSec: countdown }))}>
            {t.start}
          </Button>
        </div>
      )}
      <div className="flex flex-wrap gap-3">
        {race.status === "running" && (
          <Button variant="secondary" disabled={busy} onClick={() => void run(() => request(socket, "race:pause", { raceId }))}>
            {t.pause}
          </Button>
        )}
        {race.status === "paused" && (
          <Button disabled={busy} onClick={() => void run(() => request(socket, "race:resume", { raceId }))}>
            {t.resume}
          </Button>
        )}
        {race.endsAt !== null && (race.status === "running" || race.status === "paused" || race.status === "countdown") && (
          <Button variant="secondary" disabled={busy} onClick={() => void run(() => request(socket, "race:extend", { raceId, seconds: 60 }))}>
            {t.extend}
          </Button>
        )}
        {race.status !== "ended" && (
          <Button variant="danger" disabled={busy} onClick={() => window.confirm(t.endConfirm) && void run(() => request(socket, "race:end", { raceId }))}>
            {t.end}
          </Button>
        )}
      </div>
      <Link href={`/classrooms/${race.classroomId}/races/${race.id}/projector`} className="inline-block font-semibold text-indigo-800 underline">
        {t.projector}
      </Link>
    </Card>
  );
}
