"use client";
/** How saving the run to the history goes, in words: saving, offline with a countdown to the next try, saved. */
import Link from "next/link";
import { useEffect, useState } from "react";
import { format } from "@/lib/i18n";
import type { OutboxRunStatus } from "../_lib/outbox/outbox-sender";
import { useI18n } from "../_lib/i18n";

export function RecordingStatus({ status }: { status: OutboxRunStatus }) {
  const { m, fmt, describe } = useI18n();
  const t = m.history.recording;
  const now = useNow(status.phase === "offline");
  let text: string;
  if (status.phase === "offline") {
    const seconds = Math.ceil((status.retryAt - now) / 1000);
    text = format(seconds > 0 ? t.offline : t.retrying, { count: fmt.integer(status.waiting), seconds: fmt.integer(seconds) });
  } else if (status.phase === "failed") {
    text = format(t.failed, { message: describe(status.error) });
  } else {
    text = t[status.phase];
  }
  return (
    <p className="mt-3 text-sm text-slate-800" data-testid="recording-status" data-phase={status.phase} data-run-id={status.runId ?? undefined} data-waiting={"waiting" in status ? status.waiting : undefined}>
      {text}
      {status.phase === "saved" && (
        <Link href={`/runs/${status.runId}`} className="ml-2 font-medium text-blue-800 underline hover:text-blue-950">
          {t.open}
        </Link>
      )}
    </p>
  );
}

/** The time, re-read four times a second while `ticking` (the retry countdown, shown in whole seconds). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
