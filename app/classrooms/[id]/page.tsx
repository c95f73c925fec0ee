"use client";
/**
 * The classroom room: the live roster for everyone, and the teacher's controls. The roster comes from the
 * room:enter ack (again after every reconnect, so nothing drifts) and is kept current by broadcasts.
 */
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useReducer, useState } from "react";
import type { SessionUser } from "@/lib/api/auth";
import { applyRosterEvent, rosterCounts, type RosterEvent, type RosterState } from "@/lib/classroom/roster-state";
import type { ClassroomView, RoomSnapshot } from "@/lib/classroom/views";
import type { ErrorBody, Result } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { Button, Card, FormError } from "../../_components/form";
import { RequireUser } from "../../_components/require-user";
import { api } from "../../_lib/api";
import { useI18n } from "../../_lib/i18n";
import { connectErrorData, connectRealtime, request, type RealtimeSocket } from "../../_lib/realtime";
import { JoinPanel } from "../../components/join/JoinPanel";
import { RacesPanel } from "../../races/_components/RacesPanel";
import { ResetPin } from "./ResetPin";

export default function ClassroomPage() {
  return <RequireUser>{(user) => <Room user={user} />}</RequireUser>;
}

type Action = { type: "snapshot"; snapshot: RoomSnapshot } | RosterEvent;

function reducer(state: RosterState | null, action: Action): RosterState | null {
  if (action.type === "snapshot") return { snapshot: action.snapshot, gone: false };
  return state && applyRosterEvent(state, action);
}

type Connection = "connecting" | "live" | "reconnecting" | "outdated";

function Room({ user }: { user: SessionUser }) {
  const { m, fmt, describe } = useI18n();
  const t = m.classroom.room;
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const [state, dispatch] = useReducer(reducer, null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<ErrorBody | null>(null);
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);

  useEffect(() => {
    const socket = connectRealtime();
    const enter = async () => {
      const result = await request(socket, "room:enter", { classroomId: id });
      if (result.ok) {
        dispatch({ type: "snapshot", snapshot: result.data });
        setConnection("live");
      } else {
        setError(result.error);
      }
    };
    socket.on("connect", () => {
      // The races panel shares this socket once it is connected.
      setSocket(socket);
      void enter();
    });
    socket.on("disconnect", () => setConnection("reconnecting"));
    socket.on("connect_error", (err) => {
      const data = connectErrorData(err);
      if (data?.code === "protocol_mismatch") {
        setConnection("outdated");
        socket.disconnect();
      } else if (data?.code === "unauthenticated") {
        router.replace("/");
      } else {
        setConnection("reconnecting");
      }
    });
    const mine = (classroomId: string) => classroomId === id;
    socket.on("roster:joined", (e) => mine(e.classroomId) && dispatch({ type: "joined", member: e.member }));
    socket.on("roster:left", (e) => mine(e.classroomId) && dispatch({ type: "left", userId: e.userId }));
    socket.on("roster:removed", (e) => mine(e.classroomId) && dispatch({ type: "removed", userId: e.userId }));
    socket.on("roster:presence-changed", (e) => mine(e.classroomId) && dispatch({ type: "presence", userId: e.userId, online: e.online }));
    socket.on("classroom:updated", (e) => mine(e.classroom.id) && dispatch({ type: "updated", classroom: e.classroom }));
    return () => {
      socket.disconnect();
      setSocket(null);
    };
  }, [id, router]);

  if (connection === "outdated") return <FormError message={t.outdated} />;
  if (state?.gone) return <FormError message={t.removedNotice} />;
  if (error) return <FormError message={describe(error)} />;
  if (!state) return <p role="status">{t.loading}</p>;

  const { snapshot } = state;
  const { classroom } = snapshot;
  const isTeacher = snapshot.me.role === "teacher";
  const counts = rosterCounts(snapshot);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold">{classroom.name}</h1>
        <span role="status" className={`rounded px-2 py-0.5 text-sm font-semibold ${connection === "live" ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>
          {connection === "live" ? t.live : t.reconnecting}
        </span>
      </div>
      {classroom.archived && <p className="rounded bg-slate-200 px-3 py-2 font-medium">{t.archivedNotice}</p>}
      {classroom.locked && !classroom.archived && <p className="rounded bg-amber-100 px-3 py-2 font-medium text-amber-950">{t.lockedNotice}</p>}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <h2 className="mb-1 text-2xl font-bold">{t.roster}</h2>
          <p className="mb-4 text-slate-700" aria-live="polite" data-testid="roster-count">
            {format(t.rosterCount, { online: fmt.integer(counts.online), total: fmt.integer(counts.total) })}
          </p>
          {counts.total === 0 && isTeacher && <p className="mb-4">{t.noStudents}</p>}
          <ul aria-label={t.roster} data-testid="roster" className="divide-y divide-slate-200">
            {snapshot.members.map((member) => (
              <li key={member.userId} data-testid="roster-member" data-online={member.online} className="flex flex-wrap items-center gap-3 py-3">
                <span aria-hidden className={`inline-block h-3 w-3 rounded-full ${member.online ? "bg-green-600" : "border-2 border-slate-500"}`} />
                <span className="text-lg font-medium">{member.displayName}</span>
                {member.userId === user.id && <span className="text-slate-700">{t.you}</span>}
                {member.role === "teacher" && <span className="rounded bg-indigo-100 px-2 py-0.5 text-sm text-indigo-900">{t.teacher}</span>}
                <span className="text-sm text-slate-700">{member.online ? t.online : t.offline}</span>
                {isTeacher && member.role === "student" && (
                  <span className="ml-auto flex flex-wrap gap-2">
                    <ResetPin classroomId={id} member={member} onError={setError} />
                    <Button
                      variant="danger"
                      aria-label={format(t.removeLabel, { name: member.displayName })}
                      onClick={async () => {
                        if (!window.confirm(format(t.removeConfirm, { name: member.displayName }))) return;
                        const result = await api.classrooms.removeMember({ id, userId: member.userId });
                        if (!result.ok) setError(result.error);
                      }}
                    >
                      {t.remove}
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </Card>
        {isTeacher ? <TeacherControls classroom={classroom} onError={setError} /> : <StudentControls classroomId={id} onError={setError} />}
        <RacesPanel socket={socket} classroomId={id} isTeacher={isTeacher} />
      </div>
    </div>
  );
}

function TeacherControls({ classroom, onError }: { classroom: ClassroomView; onError(error: ErrorBody): void }) {
  const { m } = useI18n();
  const t = m.classroom.room;
  const [busy, setBusy] = useState(false);

  async function change(send: () => Promise<Result<unknown>>) {
    setBusy(true);
    const result = await send();
    setBusy(false);
    if (!result.ok) onError(result.error);
  }

  return (
    <Card className="space-y-5">
      <h2 className="text-2xl font-bold">{t.controls}</h2>
      <JoinPanel code={classroom.joinCode} variant="card" />
      <div className="flex flex-wrap gap-3">
        <Button variant="secondary" disabled={busy} onClick={() => window.confirm(t.rotateConfirm) && void change(() => api.classrooms.rotateCode({ id: classroom.id }))}>
          {t.rotateCode}
        </Button>
        <Button variant="secondary" disabled={busy || classroom.archived} onClick={() => void change(() => api.classrooms.update({ id: classroom.id, body: { locked: !classroom.locked } }))}>
          {classroom.locked ? t.unlock : t.lock}
        </Button>
        {classroom.archived ? (
          <Button variant="secondary" disabled={busy} onClick={() => void change(() => api.classrooms.update({ id: classroom.id, body: { archived: false } }))}>
            {t.restore}
          </Button>
        ) : (
          <Button variant="danger" disabled={busy} onClick={() => window.confirm(t.archiveConfirm) && void change(() => api.classrooms.update({ id: classroom.id, body: { archived: true } }))}>
            {t.archive}
          </Button>
        )}
      </div>
      <Link href={`/classrooms/${classroom.id}/data`} className="inline-block font-semibold text-indigo-800 underline" data-testid="data-library-link">
        {m.data.library.link}
      </Link>
    </Card>
  );
}

function StudentControls({ classroomId, onError }: { classroomId: string; onError(error: ErrorBody): void }) {
  const { m } = useI18n();
  const t = m.classroom.room;
  const router = useRouter();
  return (
    <Card>
      <Button
        variant="danger"
        onClick={async () => {
          if (!window.confirm(t.leaveConfirm)) return;
          const result = await api.classrooms.leave({ id: classroomId });
          if (result.ok) router.push("/dashboard");
          else onError(result.error);
        }}
      >
        {t.leave}
      </Button>
    </Card>
  );
}
