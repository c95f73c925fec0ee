"use client";
/**
 * A student signed in with the one-time PIN their teacher gave them chooses their own before anything else: every
 * page shows this form instead (the API refuses everything else meanwhile, server/http/router.ts).
 */
import type { ReactNode } from "react";
import { useState } from "react";
import type { SessionResponse } from "@/lib/api/auth";
import { PASSWORD_MAX_LENGTH, PIN_MIN_LENGTH, STUDENT_PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { format } from "@/lib/i18n";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { useSession } from "../_lib/session";
import { useSubmit } from "../_lib/use-form";
import { Button, Card, Field, FormError } from "./form";

export function PasswordChangeGate({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (!user?.passwordChangeRequired) return <>{children}</>;
  return <ChooseOwnPin />;
}

function ChooseOwnPin() {
  const { m } = useI18n();
  const t = m.recovery.choosePin;
  const { setUser } = useSession();
  const [password, setPassword] = useState("");
  const { busy, submit, formError, fieldError } = useSubmit<SessionResponse>();

  return (
    <Card className="mx-auto max-w-lg">
      <h1 className="mb-1 text-2xl font-bold">{t.title}</h1>
      <p className="mb-4 text-slate-700">{t.lead}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(
            () => api.put<SessionResponse>("/api/account/password", { password }),
            (data) => setUser(data.user),
          );
        }}
      >
        <Field
          id="new-password"
          label={t.password}
          hint={format(t.passwordHint, { pin: PIN_MIN_LENGTH, min: STUDENT_PASSWORD_MIN_LENGTH })}
          type="password"
          autoComplete="new-password"
          required
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
    </Card>
  );
}
