/**
 * A failure in the reader's words, built from what the server (or the page itself) says about it: the stable
 * `code`, the `reason` that narrows it, the `field` it concerns and the `values` its message needs. The English
 * `message` a server may add is for logs and is never shown. Most specific first: the reason's message, then a
 * field-named message for a bad field, then the code's own; a code this page does not know gets a generic
 * message. A template whose placeholders the failure cannot fill falls back to the next one, so a reader never
 * sees "{max}".
 */
import type { ErrorBody } from "../errors";
import { format, placeholders } from "./format";
import type { Formatter } from "./format-values";
import type { Messages } from "./index";

export type Describable = Pick<ErrorBody, "code"> & Partial<Pick<ErrorBody, "reason" | "field" | "values">>;

/** The label of a field path ("model.hidden", "displayName"); unknown paths show as they are. */
export function fieldLabel(m: Messages, path: string): string {
  return (m.validation.fields as Record<string, string>)[path] ?? path;
}

/** A number inside a sentence, the reader's way: counts grouped (20,000), settings as typed (0.001). */
export function numberText(fmt: Formatter, value: number): string {
  return Number.isInteger(value) ? fmt.integer(value) : fmt.setting(value);
}

/** Numbers in messages are written the reader's way; text values are kept. */
function localized(values: Record<string, string | number>, fmt: Formatter | undefined): Record<string, string | number> {
  if (!fmt) return values;
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === "number" ? numberText(fmt, value) : value]));
}

function filled(template: string | undefined, values: Record<string, string | number>): string | null {
  if (template === undefined) return null;
  return placeholders(template).every((name) => name in values) ? format(template, values) : null;
}

/**
 * Values some refusals still carry as English sentences built by the server (the race service lists a model's
 * problems in English); they are dropped, so such a refusal reads as its code's message instead. The page checks
 * the same rules itself first and words them (describe-rules), so this is only met when the rules just changed.
 */
const ENGLISH_VALUES: Readonly<Record<string, readonly string[]>> = { entry_not_allowed: ["problems"] };

export function describeError(m: Messages, error: Describable, fmt?: Formatter): string {
  const english = (error.reason && ENGLISH_VALUES[error.reason]) || [];
  const sent = Object.fromEntries(Object.entries(error.values ?? {}).filter(([key]) => !english.includes(key)));
  const values = localized(sent, fmt);
  if (error.reason) {
    const reasons = m.errorReasons as Record<string, string>;
    const raceReasons = m.race.errors as Record<string, string>;
    const specific = filled(reasons[`${error.code}.${error.reason}`] ?? raceReasons[error.reason], values);
    if (specific) return specific;
  }
  if (error.code === "bad_request" && error.field) return format(m.errorFallbacks.field, { field: fieldLabel(m, error.field) });
  const general = filled((m.errors as Record<string, string>)[error.code], values);
  return general ?? m.errorFallbacks.unknown;
}
