"use client";
/**
 * A race's results: the leaderboard (public and private tabs), the teacher's reveal control, and for a student
 * arriving with `?run=<id>` a form to submit that run's weight file. The race view embeds the same components;
 * this page is where a class looks at the standings after the race.
 */
import { useParams, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState, type FormEvent } from "react";
import type { SessionUser } from "@/lib/api/auth";
import type { Role } from "@/lib/classroom/rules";
import type { TSubmissionResult } from "@/lib/scoring/views";
import { Button, Card, FormError } from "../../../../../_components/form";
import { RequireUser } from "../../../../../_components/require-user";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { useI18n } from "../../../../../_lib/i18n";
import { connectRealtime, request, type RealtimeSocket } from "../../../../../_lib/realtime";
import { Leaderboard } from "../../../../../components/scoring/Leaderboard";
import { RevealControl } from "../../../../../components/scoring/RevealControl";
import { submitWeights } from "../../../../../components/scoring/submit-weights";
import { useRaceBoards } from "../../../../../components/scoring/use-race-boards";

export default function RaceBoardPage() {
  const { m } = useI18n();
  // useSearchParams needs a Suspense boundary in the App Router.
  return (
    <Suspense fallback={<p role="status">{m.scoring.loading}</p>}>
      <RequireUser>{(user) => <Results user={user} />}</RequireUser>
    </Suspense>
  );
}

function Results({ user }: { user: SessionUser }) {
  const { m, describe } = useI18n();
  const { id, raceId } = useParams<{ id: string; raceId: string }>();
  const runId = useSearchParams().get("run");
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    const s = connectRealtime();
    // Entering the classroom room is what brings the board broadcasts.
    s.on("connect", async () => {
      const result = await request(s, "room:enter", { classroomId: id });
      if (result.ok) {
        setRole(result.data.me.role);
        setSocket(s);
      } else {
        setError(result.error);
      }
    });
    return () => {
      s.disconnect();
    };
  }, [id]);

  if (error) return <FormError message={describe(error)} />;
  if (!role) return <p role="status">{m.scoring.loading}</p>;
  return <Boards raceId={raceId} socket={socket} isTeacher={role === "teacher"} meId={user.id} runId={role === "student" ? runId : null} />;
}

function Boards({ raceId, socket, isTeacher, meId, runId }: { raceId: string; socket: RealtimeSocket | null; isTeacher: boolean; meId: string; runId: string | null }) {
  const { m, describe } = useI18n();
  const t = m.scoring;
  const boards = useRaceBoards(raceId, socket, isTeacher);
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold">{t.pageTitle}</h1>
      <FormError message={boards.error && describe(boards.error)} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {/* min-w-0: the table scrolls inside its card instead of widening the page on a phone. */}
        <div className="min-w-0 lg:col-span-2">
          <Leaderboard publicBoard={boards.publicBoard} privateBoard={boards.privateBoard} revealed={boards.revealed} meId={meId} shakeUp={boards.justRevealed} />
        </div>
        <div className="min-w-0 space-y-6">
          {isTeacher && (
            <Card>
              <RevealControl raceId={raceId} revealed={boards.revealed} onRevealed={boards.applyReveal} />
            </Card>
          )}
          {runId && !boards.revealed && <UploadForm raceId={raceId} runId={runId} />}
        </div>
      </div>
    </div>
  );
}

function UploadForm({ raceId, runId }: { raceId: string; runId: string }) {
  const { m, fmt, describe } = useI18n();
  const t = m.scoring.upload;
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TSubmissionResult | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setResult(null);
    const submitted = await submitWeights({ raceId, runId, weights: new Uint8Array(await file.arrayBuffer()) });
    setBusy(false);
    if (submitted.ok) setResult(submitted.data);
    else setError(submitted.error);
  }

  return (
    <Card>
      <form onSubmit={onSubmit} className="space-y-3">
        <h2 className="text-xl font-bold">{t.title}</h2>
        <div className="flex flex-col gap-1">
          <label htmlFor="weights-file" className="font-medium">
            {t.label}
          </label>
          <input
            id="weights-file"
            type="file"
            accept=".lrwt,application/octet-stream"
            aria-describedby="weights-file-hint"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="rounded border-2 border-slate-500 bg-white px-2 py-1"
          />
          <p id="weights-file-hint" className="text-sm text-slate-700">
            {t.hint}
          </p>
        </div>
        <Button type="submit" disabled={!file || busy}>
          {busy ? t.submitting : t.submit}
        </Button>
        {result && (
          <p role="status" className="font-medium text-green-900" data-testid="upload-result">
            {format(t.done, { score: fmt.loss(result.publicScore), used: fmt.integer(result.submissionsUsed), limit: fmt.integer(result.submissionsLimit) })}
          </p>
        )}
        <FormError message={error && describe(error)} />
      </form>
    </Card>
  );
}
