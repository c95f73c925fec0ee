/** Why a model may not enter a race, in the reader's words, from lib/race/rules' violations (problem + values). */
import type { RuleViolation } from "../race/rules";
import { fieldLabel, numberText } from "./describe-error";
import { format } from "./format";
import type { Formatter } from "./format-values";
import type { Messages } from "./index";

export function describeViolation(m: Messages, fmt: Formatter, violation: Pick<RuleViolation, "problem" | "values">): string {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(violation.values)) {
    // A field named in a value is a setting's path ("window"): its label, as the form shows it.
    values[key] = typeof value === "number" ? numberText(fmt, value) : key === "field" ? fieldLabel(m, value) : value;
  }
  return format(m.race.entryProblems[violation.problem], values);
}

/** "This configuration is not allowed in this race: at most 2 layers; …". */
export function describeViolations(m: Messages, fmt: Formatter, violations: readonly Pick<RuleViolation, "problem" | "values">[]): string {
  return format(m.race.errors.entry_not_allowed, { problems: violations.map((v) => describeViolation(m, fmt, v)).join(m.common.listSeparator) });
}
