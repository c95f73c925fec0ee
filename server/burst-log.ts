/**
 * Logging for things that can repeat thousands of times a second (a flood of failing socket requests, a Redis
 * outage seen by every request): the first occurrence of a kind is logged at once, repeats within the window
 * are only counted, and the next line of that kind says how many were left out. A flood writes one line per
 * window instead of one stack trace per message.
 */
import type { Clock } from "./clock";
import type { Logger } from "./logger";

export const BURST_WINDOW_MS = 10_000;
/** Kinds remembered at once; the oldest is forgotten first (a flood of distinct errors still logs boundedly). */
const MAX_KINDS = 1_000;

export interface BurstLog {
  /** `kind` groups repeats (e.g. the event and the error's message); `message` and `fields` are what is logged. */
  warn(kind: string, message: string, fields?: Record<string, unknown>): void;
  error(kind: string, message: string, fields?: Record<string, unknown>): void;
}

export function createBurstLog(logger: Logger, clock: Clock, windowMs = BURST_WINDOW_MS): BurstLog {
  const kinds = new Map<string, { loggedAt: number; left: number }>();

  const log = (level: "warn" | "error") => (kind: string, message: string, fields: Record<string, unknown> = {}) => {
    const key = `${level}\u0000${kind}`;
    const now = clock.now();
    const seen = kinds.get(key);
    if (seen && now - seen.loggedAt < windowMs) {
      seen.left += 1;
      return;
    }
    kinds.delete(key);
    kinds.set(key, { loggedAt: now, left: 0 });
    if (kinds.size > MAX_KINDS) kinds.delete(kinds.keys().next().value!);
    logger[level](message, seen?.left ? { ...fields, repeatsNotLogged: seen.left } : fields);
  };
  return { warn: log("warn"), error: log("error") };
}
