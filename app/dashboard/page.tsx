"use client";
/** My classrooms: teachers create and open theirs; students see the ones they joined. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { SessionUser } from "@/lib/api/auth";
import type { ClassroomListing, ClassroomView } from "@/lib/classroom/views";
import { Button, Card, Field, FormError } from "../_components/form";
import { RequireUser } from "../_components/require-user";
import { api } from "../_lib/api";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";
import { useSubmit } from "../_lib/use-form";

export default function DashboardPage() {
  return <RequireUser>{(user) => <Dashboard user={user} />}</RequireUser>;
}

function Dashboard({ user }: { user: SessionUser }) {
  const { m, fmt, describe } = useI18n();
  const t = m.classroom.dashboard;
  const [listings, setListings] = useState<ClassroomListing[] | null>(null);
  const [loadError, setLoadError] = useState<ErrorBody | null>(null);

  useEffect(() => {
    let live = true;
    void api.classrooms.list({}).then((result) => {
      if (!live) return;
      if (result.ok) setListings(result.data.classrooms);
      else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-bold">{t.title}</h1>
      {user.kind === "teacher" && <CreateClassroom />}
      <FormError message={loadError && describe(loadError)} />
      {listings === null && !loadError && <p role="status">{m.common.loading}</p>}
      {listings?.length === 0 && <p>{user.kind === "teacher" ? t.empty : t.emptyStudent}</p>}
      {listings && listings.length > 0 && (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t.title}>
          {listings.map(({ classroom, role, studentCount }) => (
            <li key={classroom.id}>
              <Link
                href={`/classrooms/${classroom.id}`}
                className="block h-full rounded-lg border-2 border-slate-300 bg-white p-5 hover:border-indigo-700"
              >
                <span className="block text-xl font-bold">{classroom.name}</span>
                <span className="mt-2 flex flex-wrap gap-2 text-sm">
                  <Badge>{role === "teacher" ? t.teacherRole : t.studentRole}</Badge>
                  <Badge>{format(t.students, { count: fmt.integer(studentCount) })}</Badge>
                  {classroom.archived && <Badge>{t.archived}</Badge>}
                  {classroom.locked && !classroom.archived && <Badge>{t.locked}</Badge>}
                  {classroom.joinCode && <Badge mono>{classroom.joinCode}</Badge>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {user.kind === "student" && (
        <Link href="/join" className="inline-block font-semibold text-indigo-800 underline">
          {t.joinAnother}
        </Link>
      )}
    </div>
  );
}

function Badge({ children, mono = false }: { children: React.ReactNode; mono?: boolean }) {
  return <span className={`rounded bg-slate-200 px-2 py-0.5 text-slate-900 ${mono ? "font-mono" : ""}`}>{children}</span>;
}

function CreateClassroom() {
  const { m } = useI18n();
  const t = m.classroom.dashboard;
  const router = useRouter();
  const [name, setName] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<{ classroom: ClassroomView }>();
  return (
    <Card className="max-w-xl">
      <h2 className="mb-3 text-xl font-bold">{t.createTitle}</h2>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(
            () => api.classrooms.create({ body: { name } }),
            (data) => router.push(`/classrooms/${data.classroom.id}`),
          );
        }}
      >
        <div className="min-w-56 flex-1">
          <Field id="classroomName" label={t.name} placeholder={t.namePlaceholder} required value={name} onChange={(e) => setName(e.target.value)} error={fieldError("name")} />
        </div>
        <Button type="submit" disabled={busy}>
          {busy ? t.creating : t.create}
        </Button>
      </form>
      <div className="mt-3">
        <FormError message={formError} />
      </div>
    </Card>
  );
}
