/**
 * The one place numbers, dates and durations become text for a reader, through Intl in the reader's locale.
 *
 * Losses and scores (MSE) follow one rule everywhere: four significant digits, trailing zeros kept so a column
 * of scores lines up and two runs compare at a glance (0.01230 vs 0.01207); below 0.001 or from 10 000 on,
 * scientific notation (1.235E-5), where a plain number would be a row of zeros or digits. Exactly 0 is "0".
 * A missing value (not measured yet, not scored) is always NO_VALUE.
 */
import type { Locale } from "./locales";

/** What every view shows where a value is missing. */
export const NO_VALUE = "—";

export interface Formatter {
  locale: Locale;
  /** A loss or a score (MSE). */
  loss(value: number | null | undefined): string;
  /** A count or any integer, with the locale's grouping (12,345). */
  integer(value: number | null | undefined): string;
  /** A setting as typed (a learning rate of 0.001, a seed of 4294967295): up to six significant digits, no grouping. */
  setting(value: number | null | undefined): string;
  /** A number with exactly `digits` decimals (a slider's position). */
  fixed(value: number, digits: number): string;
  /** An axis tick or a histogram edge: up to three significant digits. */
  axis(value: number): string;
  /** Milliseconds per epoch: one decimal under 10 ms, whole milliseconds above. */
  ms(value: number | null | undefined): string;
  /** A share in [0, 1] as a whole percentage. */
  percent(value: number): string;
  /** Date and time of an instant, in the reader's time zone. */
  dateTime(value: string | Date | null | undefined): string;
  /** Time elapsed as a clock (m:ss, or h:mm:ss from an hour on), whole seconds rounded down: the replay's clock. */
  clock(ms: number): string;
  /** Time left as a clock, rounded up: a countdown shows 0:01 until it is over. */
  remaining(ms: number): string;
  /** A duration in words (2 min 5 s, 2分5秒), for screen readers and sentences. */
  duration(ms: number): string;
  /**
   * Time left until a far instant, in words and coarse (a homework's "2 days 3 hours", "45 minutes"): the two
   * largest units, minutes rounded up so it never says 0 before the end.
   */
  timeLeft(ms: number): string;
  /** How long ago, in whole seconds, minutes or hours ("4 seconds ago", "4 秒前"): a verified score's freshness. */
  ago(ms: number): string;
}

const SCIENTIFIC_BELOW = 1e-3;
const SCIENTIFIC_FROM = 1e4;

const missing = (value: number | null | undefined): value is null | undefined => value === null || value === undefined || Number.isNaN(value);

const cache = new Map<Locale, Formatter>();

/** The formatter of a locale (built once: Intl objects are costly to create and cheap to reuse). */
export function formatterFor(locale: Locale): Formatter {
  let formatter = cache.get(locale);
  if (!formatter) {
    formatter = createFormatter(locale);
    cache.set(locale, formatter);
  }
  return formatter;
}

/** Digital clocks read the same in both languages. */
function clockOf(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

function createFormatter(locale: Locale): Formatter {
  const plainLoss = new Intl.NumberFormat(locale, { minimumSignificantDigits: 4, maximumSignificantDigits: 4, useGrouping: false });
  const scientificLoss = new Intl.NumberFormat(locale, { notation: "scientific", minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const setting = new Intl.NumberFormat(locale, { maximumSignificantDigits: 6, useGrouping: false });
  const wholeSetting = new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: false });
  const axis = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const fixed = new Map<number, Intl.NumberFormat>();
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "always", style: "long" });
  // Spelled out ("2 minutes 5 seconds", "2 分 5 秒"): what a screen reader should say.
  const units = {
    day: new Intl.NumberFormat(locale, { style: "unit", unit: "day", unitDisplay: "long" }),
    hour: new Intl.NumberFormat(locale, { style: "unit", unit: "hour", unitDisplay: "long" }),
    minute: new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "long" }),
    second: new Intl.NumberFormat(locale, { style: "unit", unit: "second", unitDisplay: "long" }),
  };

  return {
    locale,
    loss(value) {
      if (missing(value)) return NO_VALUE;
      if (value === 0) return "0";
      const size = Math.abs(value);
      // A diverged run's loss is infinite: Intl writes ∞.
      return Number.isFinite(value) && (size < SCIENTIFIC_BELOW || size >= SCIENTIFIC_FROM) ? scientificLoss.format(value) : plainLoss.format(value);
    },
    integer: (value) => (missing(value) ? NO_VALUE : integer.format(value)),
    // A seed keeps all its digits; a fraction gets six significant ones.
    setting: (value) => (missing(value) ? NO_VALUE : Number.isInteger(value) ? wholeSetting.format(value) : setting.format(value)),
    fixed(value, digits) {
      let format = fixed.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
        fixed.set(digits, format);
      }
      return format.format(value);
    },
    axis: (value) => axis.format(value),
    ms: (value) => (missing(value) ? NO_VALUE : value < 10 ? oneDecimal.format(value) : integer.format(Math.round(value))),
    percent: (value) => percent.format(value),
    dateTime(value) {
      if (value === null || value === undefined) return NO_VALUE;
      const date = typeof value === "string" ? new Date(value) : value;
      return Number.isNaN(date.getTime()) ? NO_VALUE : dateTime.format(date);
    },
    clock: (ms) => clockOf(Math.floor(ms / 1000)),
    remaining: (ms) => clockOf(Math.ceil(ms / 1000)),
    duration(ms) {
      const total = Math.max(0, Math.round(ms / 1000));
      const parts: string[] = [];
      const hours = Math.floor(total / 3600);
      const minutes = Math.floor((total % 3600) / 60);
      const seconds = total % 60;
      if (hours) parts.push(units.hour.format(hours));
      if (minutes) parts.push(units.minute.format(minutes));
      if (seconds || parts.length === 0) parts.push(units.second.format(seconds));
      return parts.join(" ");
    },
    timeLeft(ms) {
      const minutesLeft = Math.max(1, Math.ceil(ms / 60_000));
      const days = Math.floor(minutesLeft / 1440);
      const hours = Math.floor((minutesLeft % 1440) / 60);
      const minutes = minutesLeft % 60;
      if (days) return hours ? `${units.day.format(days)} ${units.hour.format(hours)}` : units.day.format(days);
      if (hours) return minutes ? `${units.hour.format(hours)} ${units.minute.format(minutes)}` : units.hour.format(hours);
      return units.minute.format(minutes);
    },
    ago(ms) {
      const seconds = Math.max(0, Math.floor(ms / 1000));
      if (seconds < 60) return relative.format(-seconds, "second");
      if (seconds < 3600) return relative.format(-Math.floor(seconds / 60), "minute");
      return relative.format(-Math.floor(seconds / 3600), "hour");
    },
  };
}

/** The reader's time zone as the browser knows it (an IANA name such as "Asia/Tokyo"). */
export function readerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * A time zone named with its offset from UTC at `at` (offsets move with summer time): "Asia/Tokyo (UTC+9)",
 * "America/St_Johns (UTC-2:30)". The same in every language: it is what people look up.
 */
export function timeZoneLabel(timeZone: string, at: number): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = name.replace(/^GMT/, "");
  return `${timeZone} (UTC${offset === "" ? "+0" : offset})`;
}
