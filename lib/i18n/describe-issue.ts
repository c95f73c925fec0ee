/**
 * Why a form value was refused, in the reader's words, from a zod issue of the schemas the page and the server
 * share (training settings, race rules, history filters). The schemas' own messages are English for logs and the
 * CLI; here only the issue's kind, its limits and, for checks across fields, the `problem` the schema names in
 * its params are used.
 */
import { fieldLabel, numberText } from "./describe-error";
import { format, placeholders } from "./format";
import type { Formatter } from "./format-values";
import type { Messages } from "./index";

/** The parts of a zod issue used here (kept structural, so any zod version's issue fits). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
  keys?: readonly string[];
  params?: Record<string, unknown>;
}

const numeric = (value: number | bigint | undefined) => Number(value ?? 0);

export function describeIssue(m: Messages, issue: IssueLike, fmt: Formatter): string {
  const path = issue.path.filter((part) => typeof part !== "number").join(".");
  const field = fieldLabel(m, path);
  const t = m.validation.issues;
  // A check across fields names its problem (the form's words) or an API reason (the same words as the server's refusal).
  const problem =
    typeof issue.params?.problem === "string"
      ? (m.validation.problems as Record<string, string>)[issue.params.problem]
      : typeof issue.params?.reason === "string"
        ? (m.errorReasons as Record<string, string>)[`bad_request.${issue.params.reason}`]
        : undefined;
  if (problem) {
    const raw = (issue.params?.values ?? {}) as Record<string, string | number>;
    const values: Record<string, string | number> = { field };
    for (const [key, value] of Object.entries(raw)) values[key] = typeof value === "number" ? numberText(fmt, value) : value;
    if (placeholders(problem).every((name) => name in values)) return format(problem, values);
  }
  switch (issue.code) {
    case "invalid_type":
      return format(issue.expected === "int" ? t.notInteger : issue.expected === "number" ? t.notNumber : t.invalid, { field });
    case "too_small": {
      const min = numberText(fmt, numeric(issue.minimum));
      if (issue.origin === "array" || issue.origin === "set") return format(t.tooFew, { field, min });
      return format(issue.inclusive === false ? t.above : t.atLeast, { field, min });
    }
    case "too_big": {
      const max = numberText(fmt, numeric(issue.maximum));
      if (issue.origin === "string") return format(t.tooLong, { field, max });
      return format(issue.inclusive === false ? t.below : t.atMost, { field, max });
    }
    case "invalid_value":
      return format(t.choice, { field, options: (issue.values ?? []).map(String).join(", ") });
    case "unrecognized_keys":
      return format(t.unknownSetting, { keys: (issue.keys ?? []).join(", ") });
    default:
      return format(t.invalid, { field });
  }
}
