"use client";
/** Student sign-in: classroom code + name + password or PIN. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SessionResponse } from "@/lib/api/auth";
import { Button, Card, Field, FormError } from "../_components/form";
import { RedirectIfSignedIn } from "../_components/redirect-signed-in";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";
import { useSubmit } from "../_lib/use-form";

export default function StudentSignInPage() {
  const { m } = useI18n();
  const t = m.auth.studentSignIn;
  const router = useRouter();
  const { setUser } = useSession();
  const [code, setCode] = useState("");
  const [displayName, setDisplayName] = useState("");
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
            () => api.session.signInStudent({ body: { code, displayName, password } }),
            (data) => {
              setUser(data.user);
              router.push("/dashboard");
            },
          );
        }}
      >
        <Field id="code" label={t.code} hint={t.codeHint} autoComplete="off" autoCapitalize="characters" spellCheck={false} required value={code} onChange={(e) => setCode(e.target.value)} error={fieldError("code")} />
        <Field id="displayName" label={t.displayName} autoComplete="username" required value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError("displayName")} />
        <Field id="password" label={t.password} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError("password")} />
        <FormError message={formError} />
        <Button type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </Button>
      </form>
      <p className="mt-6">
        {t.newHere}{" "}
        <Link href="/join" className="font-semibold text-indigo-800 underline">
          {t.join}
        </Link>
      </p>
    </Card>
  );
}
