/**
 * A failure in the reader's words, built from what the server (or the page itself) says about it: the stable
 * `code`, the `reason` that narrows it, the `field` it concerns and the `values` its message needs. The English
 * `message` a server may add is a developer's detail and is never shown. Most specific first: the rules a race
 * entry breaks, the reason's message, the schema issue of a bad field (its limit), a field-named message, then the
 * code's own; a code this page does not know gets a generic
 * message. A template whose placeholders the failure cannot fill falls back to the next one, so a reader never
 * sees "{max}".
 */
import type { ErrorBody } from "../errors";
import { format, placeholders } from "./format";
import type { Formatter } from "./format-values";
import type { Messages } from "./index";
import { describeIssue } from "./describe-issue";
import { describeViolations } from "./describe-rules";

export type Describable = Pick<ErrorBody, "code"> & Partial<Pick<ErrorBody, "reason" | "field" | "values" | "issue" | "problems">>;

/** The label of a field path ("model.hidden", "displayName"); unknown paths show as they are. */
export function fieldLabel(m: Messages, path: string): string {
  return (m.validation.fields as Record<string, string>)[path] ?? path;
}

/** A number inside a sentence, the reader's way: counts grouped (20,000), settings as typed (0.001). */
export function numberText(fmt: Formatter, value: number): string {
  return Number.isInteger(value) ? fmt.integer(value) : fmt.setting(value);
}

/** Numbers in messages are written the reader's way; text values are kept. */
function localized(values: Record<string, string | number>, fmt: Formatter): Record<string, string | number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === "number" ? numberText(fmt, value) : value]));
}

function filled(template: string | undefined, values: Record<string, string | number>): string | null {
  if (template === undefined) return null;
  return placeholders(template).every((name) => name in values) ? format(template, values) : null;
}

export function describeError(m: Messages, error: Describable, fmt: Formatter): string {
  // A race entry refused for its rules names each rule; a schema's refusal names the limit the value broke.
  if (error.reason === "entry_not_allowed" && error.problems?.length) return describeViolations(m, fmt, error.problems);
  const values = localized(error.values ?? {}, fmt);
  if (error.reason) {
    const reasons = m.errorReasons as Record<string, string>;
    const raceReasons = m.race.errors as Record<string, string>;
    const specific = filled(reasons[`${error.code}.${error.reason}`] ?? raceReasons[error.reason], values);
    if (specific) return specific;
  }
  // An issue about the whole input (a string sent for an object) names no field: the code's message says it.
  if (error.code === "bad_request" && error.issue && (error.issue.path.length > 0 || error.issue.code === "unrecognized_keys")) return describeIssue(m, error.issue, fmt);
  if (error.code === "bad_request" && error.field) return format(m.errorFallbacks.field, { field: fieldLabel(m, error.field) });
  const general = filled((m.errors as Record<string, string>)[error.code], values);
  return general ?? m.errorFallbacks.unknown;
}
