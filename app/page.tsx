"use client";
/** The start page: teacher sign-in, with the ways in for students. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SessionResponse } from "@/lib/api/auth";
import { Button, Card, Field, FormError } from "./_components/form";
import { RedirectIfSignedIn } from "./_components/redirect-signed-in";
import { api } from "./_lib/api";
import { useI18n } from "./_lib/i18n";
import { useSession } from "./_lib/session";
import { useSubmit } from "./_lib/use-form";

export default function SignInPage() {
  const { m } = useI18n();
  const t = m.auth.teacherSignIn;
  const router = useRouter();
  const { setUser } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<SessionResponse>();

  return (
    <div className="grid gap-8 md:grid-cols-2">
      <RedirectIfSignedIn />
      <div className="space-y-4">
        <h1 className="text-4xl font-bold">{m.common.appName}</h1>
        <p className="text-xl text-slate-800">{m.common.tagline}</p>
        <Card className="space-y-3">
          <p>
            {t.studentPrompt}{" "}
            <Link href="/student" className="font-semibold text-indigo-800 underline">
              {t.studentSignIn}
            </Link>
          </p>
          <p>
            {t.joinPrompt}{" "}
            <Link href="/join" className="font-semibold text-indigo-800 underline">
              {t.join}
            </Link>
          </p>
        </Card>
      </div>
      <Card>
        <h2 className="mb-1 text-2xl font-bold">{t.title}</h2>
        <p className="mb-4 text-slate-700">{t.lead}</p>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit(
              () => api.post<SessionResponse>("/api/session", { email, password }),
              (data) => {
                setUser(data.user);
                router.push("/dashboard");
              },
            );
          }}
        >
          <Field id="email" label={t.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
          <Field
            id="password"
            label={t.password}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError("password")}
          />
          <FormError message={formError} />
          <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
            <Button type="submit" disabled={busy}>
              {busy ? t.submitting : t.submit}
            </Button>
            <Link href="/forgot-password" className="font-semibold text-indigo-800 underline">
              {m.recovery.forgotLink}
            </Link>
          </div>
        </form>
        <p className="mt-6">
          {t.noAccount}{" "}
          <Link href="/signup" className="font-semibold text-indigo-800 underline">
            {t.createAccount}
          </Link>
        </p>
      </Card>
    </div>
  );
}
