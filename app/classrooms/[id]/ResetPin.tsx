"use client";
/**
 * The teacher's "Reset PIN" on a roster row. The one-time PIN the server answers is shown once, here, for the
 * teacher to pass on; it is kept nowhere (the server stores only its hash) and goes when the teacher closes it.
 */
import { useId, useState } from "react";
import type { PinResetResponse } from "@/lib/api/recovery";
import type { ErrorBody } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { Button } from "../../_components/form";
import { api } from "../../_lib/api";
import { useI18n } from "../../_lib/i18n";

export function ResetPin({ classroomId, member, onError }: { classroomId: string; member: { userId: string; displayName: string }; onError(error: ErrorBody): void }) {
  const { m } = useI18n();
  const t = m.recovery.roster;
  const [pin, setPin] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  if (pin) {
    return (
      <div role="region" aria-labelledby={titleId} data-testid="one-time-pin" className="w-full rounded border-2 border-indigo-700 bg-indigo-50 px-4 py-3">
        <p id={titleId} className="font-semibold">
          {format(t.oneTimeTitle, { name: member.displayName })}
        </p>
        <p data-testid="one-time-pin-value" className="my-2 font-mono text-4xl font-bold tracking-widest">
          {pin}
        </p>
        <p className="mb-3 text-slate-800">{t.oneTimeNote}</p>
        <Button variant="secondary" onClick={() => setPin(null)}>
          {t.close}
        </Button>
      </div>
    );
  }

  return (
    <Button
      variant="secondary"
      disabled={busy}
      aria-label={format(t.resetPinLabel, { name: member.displayName })}
      onClick={async () => {
        if (!window.confirm(format(t.resetConfirm, { name: member.displayName }))) return;
        setBusy(true);
        const result = await api.post<PinResetResponse>(`/api/classrooms/${classroomId}/members/${member.userId}/pin-reset`);
        setBusy(false);
        if (result.ok) setPin(result.data.pin);
        else onError(result.error);
      }}
    >
      {t.resetPin}
    </Button>
  );
}
