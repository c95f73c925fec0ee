"use client";
/** "Forgot your password?": a teacher asks for a one-time link. The answer never says whether the address has an account. */
import Link from "next/link";
import { useState } from "react";
import type { ForgotPasswordResponse } from "@/lib/api/recovery";
import { format } from "@/lib/i18n";
import { Button, Card, Field, FormError } from "../_components/form";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { useSubmit } from "../_lib/use-form";

export default function ForgotPasswordPage() {
  const { m } = useI18n();
  const t = m.recovery.forgot;
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<{ delivery: ForgotPasswordResponse["delivery"]; email: string } | null>(null);
  const { busy, submit, formError, fieldError } = useSubmit<ForgotPasswordResponse>();

  return (
    <Card className="mx-auto max-w-lg">
      <h1 className="mb-1 text-2xl font-bold">{t.title}</h1>
      <p className="mb-4 text-slate-700">{t.lead}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(
            () => api.post<ForgotPasswordResponse>("/api/password-resets", { email }),
            (data) => setSent({ delivery: data.delivery, email: email.trim() }),
          );
        }}
      >
        <Field id="email" label={t.email} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
        <FormError message={formError} />
        <Button type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </Button>
      </form>
      <p role="status" data-testid="reset-requested" className={sent ? "mt-4 rounded border-2 border-green-700 bg-green-50 px-3 py-2 font-medium text-green-950" : ""}>
        {sent && format(sent.delivery === "email" ? t.sentByMail : t.sentByAdmin, { email: sent.email })}
      </p>
      <p className="mt-6">
        <Link href="/" className="font-semibold text-indigo-800 underline">
          {t.back}
        </Link>
      </p>
    </Card>
  );
}
