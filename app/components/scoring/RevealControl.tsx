"use client";
/** The teacher's "Reveal private board" button: asks once, then shows the private board to the whole class. */
import { useState } from "react";
import type { TRaceBoard } from "@/lib/scoring/views";
import { Button, FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import type { ErrorBody } from "@/lib/errors";
import { useI18n } from "../../_lib/i18n";

export function RevealControl({ raceId, revealed, onRevealed }: { raceId: string; revealed: boolean; onRevealed(board: TRaceBoard): void }) {
  const { m, describe } = useI18n();
  const t = m.scoring;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);
  if (revealed) {
    return (
      <p role="status" className="font-semibold text-green-900">
        {t.revealed}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      <Button
        disabled={busy}
        onClick={async () => {
          if (!window.confirm(t.revealConfirm)) return;
          setBusy(true);
          setError(null);
          const result = await api.races.reveal({ raceId });
          setBusy(false);
          if (result.ok) onRevealed(result.data);
          else setError(result.error);
        }}
      >
        {busy ? t.revealing : t.reveal}
      </Button>
      <FormError message={error && describe(error)} />
    </div>
  );
}
