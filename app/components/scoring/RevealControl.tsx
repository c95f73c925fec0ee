"use client";
/** The teacher's "Reveal private board" button: asks once, then shows the private board to the whole class. */
import { useState } from "react";
import type { TRaceBoard } from "@/lib/scoring/views";
import { Button, FormError } from "../../_components/form";
import { api } from "../../_lib/api";
import { m } from "../../_lib/messages";

export function RevealControl({ raceId, revealed, onRevealed }: { raceId: string; revealed: boolean; onRevealed(board: TRaceBoard): void }) {
  const t = m.scoring;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
          const result = await api.post<TRaceBoard>(`/api/races/${encodeURIComponent(raceId)}/reveal`);
          setBusy(false);
          if (result.ok) onRevealed(result.data);
          else setError(result.error.message);
        }}
      >
        {busy ? t.revealing : t.reveal}
      </Button>
      <FormError message={error} />
    </div>
  );
}
