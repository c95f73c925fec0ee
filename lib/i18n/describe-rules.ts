/** Why a model may not enter a race, in the reader's words, from lib/race/rules' violations (problem + values). */
import type { RuleViolation } from "../race/rules";
import { fieldLabel, numberText } from "./describe-error";
import { format } from "./format";
import type { Formatter } from "./format-values";
import type { Messages } from "./index";

/** A violation as the page finds it (lib/race/rules) or as a refusal carries it (problem as a plain string). */
type ViolationLike = { problem: RuleViolation["problem"] | string; values: RuleViolation["values"] };

export function describeViolation(m: Messages, fmt: Formatter, violation: ViolationLike): string {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(violation.values)) {
    // A field named in a value is a setting's path ("window"): its label, as the form shows it.
    values[key] = typeof value === "number" ? numberText(fmt, value) : key === "field" ? fieldLabel(m, value) : value;
  }
  const template = (m.race.entryProblems as Record<string, string>)[violation.problem];
  // A rule this page does not know yet (a newer server) is named by its field.
  return template === undefined ? fieldLabel(m, String(violation.values.field ?? violation.problem)) : format(template, values);
}

/** "This configuration is not allowed in this race: at most 2 layers; …". */
export function describeViolations(m: Messages, fmt: Formatter, violations: readonly ViolationLike[]): string {
  return format(m.race.errors.entry_not_allowed, { problems: violations.map((v) => describeViolation(m, fmt, v)).join(m.common.listSeparator) });
}
