"use client";
/** Where a reset link lands: the token is in the fragment (never sent to a server by the browser), the teacher chooses a new password. */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import type { SessionResponse } from "@/lib/api/auth";
import { tokenFromFragment } from "@/lib/auth/recovery";
import { PASSWORD_MAX_LENGTH, TEACHER_PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { format } from "@/lib/i18n";
import { Button, Card, Field, FormError } from "../_components/form";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";
import { useSubmit } from "../_lib/use-form";

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

export default function ResetPasswordPage() {
  const { m } = useI18n();
  const t = m.recovery.reset;
  const router = useRouter();
  const { setUser } = useSession();
  // undefined while rendered on the server: the fragment exists only in the browser.
  const token = useSyncExternalStore(subscribeToHash, () => tokenFromFragment(window.location.hash), () => undefined);
  const [password, setPassword] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<SessionResponse>();

  if (token === undefined) return <p role="status">{m.common.loading}</p>;

  return (
    <Card className="mx-auto max-w-lg">
      <h1 className="mb-1 text-2xl font-bold">{t.title}</h1>
      {token === null ? (
        <FormError message={t.missingToken} />
      ) : (
        <>
          <p className="mb-4 text-slate-700">{t.lead}</p>
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              void submit(
                () => api.post<SessionResponse>("/api/password-resets/redeem", { token, password }),
                (data) => {
                  setUser(data.user);
                  router.push("/dashboard");
                },
              );
            }}
          >
            <Field
              id="password"
              label={t.password}
              hint={format(t.passwordHint, { min: TEACHER_PASSWORD_MIN_LENGTH })}
              type="password"
              autoComplete="new-password"
              required
              minLength={TEACHER_PASSWORD_MIN_LENGTH}
              maxLength={PASSWORD_MAX_LENGTH}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={fieldError("password")}
            />
            <FormError message={formError} />
            <Button type="submit" disabled={busy}>
              {busy ? t.submitting : t.submit}
            </Button>
          </form>
        </>
      )}
      <p className="mt-6">
        <Link href="/forgot-password" className="font-semibold text-indigo-800 underline">
          {t.askAgain}
        </Link>
      </p>
    </Card>
  );
}
