"use client";
/** The join link: shows the classroom's name (or why it cannot be joined), then name + password to join. */
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { JoinPreview, JoinResponse } from "@/lib/api/auth";
import { DISPLAY_NAME_MAX_LENGTH } from "@/lib/auth/names";
import { PIN_MIN_LENGTH, STUDENT_PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import type { ErrorBody } from "@/lib/errors";
import { Button, Card, Field, FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import { format } from "@/lib/i18n";
import { useI18n } from "../../_lib/i18n";
import { useSession } from "../../_lib/session";
import { useSubmit } from "../../_lib/use-form";

export default function JoinPage() {
  const { m, fmt, describe } = useI18n();
  const t = m.auth.join;
  const { code } = useParams<{ code: string }>();
  const router = useRouter();
  const { user, setUser } = useSession();
  const [preview, setPreview] = useState<JoinPreview | null>(null);
  const [previewError, setPreviewError] = useState<ErrorBody | null>(null);
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<JoinResponse>();

  useEffect(() => {
    let live = true;
    void api.join.preview({ code }).then((result) => {
      if (!live) return;
      if (result.ok) setPreview(result.data);
      else setPreviewError(result.error);
    });
    return () => {
      live = false;
    };
  }, [code]);

  if (previewError) {
    return (
      <Card className="mx-auto max-w-lg space-y-4">
        <h1 className="text-3xl font-bold">{m.auth.joinByCode.title}</h1>
        <FormError message={describe(previewError)} />
        <Link href="/join" className="inline-block font-semibold text-indigo-800 underline">
          {t.otherCode}
        </Link>
      </Card>
    );
  }
  if (!preview || user === undefined) return <p role="status">{t.checking}</p>;

  const signedInStudent = user?.kind === "student" ? user : null;
  return (
    <Card className="mx-auto max-w-lg">
      <h1 className="mb-1 text-3xl font-bold">{format(t.title, { classroom: preview.classroom.name })}</h1>
      <p className="mb-4 text-slate-700">{signedInStudent ? format(t.leadSignedIn, { name: signedInStudent.displayName }) : t.lead}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(
            () => api.join.join({ body: { code, displayName, ...(signedInStudent ? {} : { password }) } }),
            (data) => {
              setUser(data.user);
              router.push(`/classrooms/${data.classroomId}`);
            },
          );
        }}
      >
        <Field
          id="displayName"
          label={t.displayName}
          hint={format(t.displayNameHint, { max: fmt.integer(DISPLAY_NAME_MAX_LENGTH) })}
          autoComplete="nickname"
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldError("displayName")}
        />
        {!signedInStudent && (
          <Field
            id="password"
            label={t.password}
            type="password"
            autoComplete="new-password"
            hint={format(t.passwordHint, { pin: fmt.integer(PIN_MIN_LENGTH), min: fmt.integer(STUDENT_PASSWORD_MIN_LENGTH) })}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError("password")}
          />
        )}
        <FormError message={formError ?? fieldError("code") ?? null} />
        <Button type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </Button>
      </form>
      <p className="mt-6">
        {t.alreadyJoined}{" "}
        <Link href="/student" className="font-semibold text-indigo-800 underline">
          {t.signIn}
        </Link>
      </p>
    </Card>
  );
}
