"use client";
/** Join by typing the code: checks it, then continues on the join link's page. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { JoinPreview } from "@/lib/api/auth";
import { normalizeJoinCode } from "@/lib/classroom/join-code";
import { Button, Card, Field } from "../_components/form";
import { api } from "../_lib/api";
import { useI18n } from "../_lib/i18n";
import { useSubmit } from "../_lib/use-form";

export default function JoinByCodePage() {
  const { m, describe } = useI18n();
  const t = m.auth.joinByCode;
  const router = useRouter();
  const [code, setCode] = useState("");
  const { busy, submit, error } = useSubmit<JoinPreview>();

  return (
    <Card className="mx-auto max-w-lg">
      <h1 className="mb-1 text-3xl font-bold">{t.title}</h1>
      <p className="mb-4 text-slate-700">{t.lead}</p>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const canonical = normalizeJoinCode(code) ?? code.trim();
          void submit(
            () => api.join.preview({ code: canonical }),
            () => router.push(`/join/${encodeURIComponent(canonical)}`),
          );
        }}
      >
        <Field
          id="code"
          label={t.code}
          hint={t.codeHint}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={error ? describe(error) : undefined}
          className="rounded border-2 border-slate-500 bg-white px-3 py-2 font-mono text-2xl tracking-widest uppercase text-slate-900 aria-invalid:border-red-700"
        />
        <Button type="submit" disabled={busy}>
          {t.submit}
        </Button>
      </form>
    </Card>
  );
}
