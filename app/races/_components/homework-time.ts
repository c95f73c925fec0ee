/**
 * A homework's times as its readers see them: in the reader's own time zone, named ("Asia/Tokyo (UTC+9)"), and
 * the time left by the server's clock. What the setup form's date-time fields hold (local wall time, as typed)
 * becomes a UTC instant here.
 */
import { homeworkSchedule, type HomeworkProblem, type HomeworkWindow } from "@/lib/race/homework";
import { format, type Messages } from "@/lib/i18n";
import { readerTimeZone, timeZoneLabel, type Formatter } from "@/lib/i18n/format-values";

/** A `datetime-local` field's value ("2026-12-07T09:00") as an instant in the browser's time zone; NaN when empty. */
export function instantOf(local: string): number {
  return local === "" ? Number.NaN : new Date(local).getTime();
}

/** An instant as a `datetime-local` value in the browser's time zone (minutes). */
export function localValueOf(instant: number): string {
  const d = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type WindowCheck = { ok: true; window: HomeworkWindow } | { ok: false; reason: HomeworkProblem | "homework_time_missing"; values: Record<string, number> };

/** The form's own check (the server checks again, by its clock): both times given, then lib/race/homework's rules. */
export function checkWindow(opens: string, closes: string, now: number): WindowCheck {
  const window = { opensAt: instantOf(opens), closesAt: instantOf(closes) };
  if (!Number.isFinite(window.opensAt) || !Number.isFinite(window.closesAt)) return { ok: false, reason: "homework_time_missing", values: {} };
  const checked = homeworkSchedule(window, now);
  return checked.ok ? { ok: true, window } : { ok: false, reason: checked.problem, values: checked.values };
}

/** "Dec 10, 2026, 09:00 · Asia/Tokyo (UTC+9)": an instant in the reader's zone, naming it. */
export function zonedTime(m: Messages, fmt: Formatter, instant: number): string {
  return format(m.homework.zoned, { time: fmt.dateTime(new Date(instant)), zone: timeZoneLabel(readerTimeZone(), instant) });
}
