"use client";
/** Teacher sign-up. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SessionResponse } from "@/lib/api/auth";
import { TEACHER_PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { Button, Card, Field, FormError } from "../_components/form";
import { RedirectIfSignedIn } from "../_components/redirect-signed-in";
import { api } from "../_lib/api";
import { format } from "@/lib/i18n";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";
import { useSubmit } from "../_lib/use-form";

export default function SignUpPage() {
  const { m, fmt } = useI18n();
  const t = m.auth.teacherSignUp;
  const router = useRouter();
  const { setUser } = useSession();
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<SessionResponse>();

  return (
    <Card className="mx-auto max-w-lg">
      <RedirectIfSignedIn />
      <h1 className="mb-1 text-3xl font-bold">{t.title}</h1>
      <p className="mb-4 text-slate-700">{t.lead}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(
            () => api.session.signUpTeacher({ body: { email, password, displayName } }),
            (data) => {
              setUser(data.user);
              router.push("/dashboard");
            },
          );
        }}
      >
        <Field id="displayName" label={t.displayName} autoComplete="name" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError("displayName")} />
        <Field id="email" label={t.email} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
        <Field
          id="password"
          label={t.password}
          type="password"
          autoComplete="new-password"
          required
          hint={format(t.passwordHint, { min: fmt.integer(TEACHER_PASSWORD_MIN_LENGTH) })}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError("password")}
        />
        <FormError message={formError} />
        <Button type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </Button>
      </form>
      <p className="mt-6">
        {t.haveAccount}{" "}
        <Link href="/" className="font-semibold text-indigo-800 underline">
          {t.signIn}
        </Link>
      </p>
    </Card>
  );
}
