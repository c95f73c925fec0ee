/**
 * A Playground run whose tab closed mid-training stays "running" for ever: nothing tells the server it ended.
 * It is taken as stopped once no epoch has arrived for STALE_AFTER_MS. The last sign of life is the run's start
 * plus the last stored epoch's `tMs` (milliseconds from the start, measured by the page's clock), so no column
 * has to be written on every batch.
 */
export const STALE_AFTER_MS = 10 * 60_000;

/** When the run last showed progress: its start, or its last stored epoch's end. */
export function lastActivityAt(startedAtMs: number, lastTMs: number | null): number {
  return startedAtMs + (lastTMs ?? 0);
}

export function isStale(startedAtMs: number, lastTMs: number | null, nowMs: number, staleAfterMs = STALE_AFTER_MS): boolean {
  return nowMs - lastActivityAt(startedAtMs, lastTMs) >= staleAfterMs;
}
