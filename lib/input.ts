/**
 * Parsing what crosses an edge (an HTTP body, a socket payload) against its zod schema, the same way at every
 * edge. Before the schema sees it, every string and key of the input must be well-formed Unicode: JSON can carry
 * a lone UTF-16 surrogate ("\ud800"), which no database, file or browser can store or show faithfully, so it is
 * refused by name here instead of failing deep inside the database driver.
 */
import type { z } from "zod";
import { isReasonOf, type ReasonOf, type WireIssue } from "./errors";

export type InputResult<T> =
  | { ok: true; data: T }
  /** `field` is the dotted path of the offending value ("" for the whole input). */
  | { ok: false; problem: "malformed_text"; field: string }
  /** `reason` and `values` when the schema's issue names a catalogue reason (`params: { reason, values }`). */
  | {
      ok: false;
      problem: "invalid";
      field: string;
      /** The schema's English, for logs and API users. */
      message: string;
      /** The issue's kind and limits, for the app to word. */
      issue: WireIssue;
      reason?: ReasonOf<"bad_request">;
      values?: Record<string, string | number>;
    };

/** A surrogate half without its partner (high not followed by low, or low not preceded by high). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Path of the first string or key (depth first) that is not well-formed, or null when all are. */
export function malformedTextPath(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return isWellFormed(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = malformedTextPath(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (!isWellFormed(key)) return [...path, key];
      const found = malformedTextPath(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** A dotted path that is itself safe to echo back (the offending key, if any, is not). */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === "string" && !isWellFormed(part) ? "?" : String(part))).join(".");
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): InputResult<z.output<S>> {
  const malformed = malformedTextPath(input);
  if (malformed) return { ok: false, problem: "malformed_text", field: fieldName(malformed) };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = fieldName(issue.path);
  const message = where ? `${where}: ${issue.message}` : issue.message;
  // An unknown key is named as the field itself, so the answer says which one to drop.
  const field = issue.code === "unrecognized_keys" && issue.keys.length > 0 ? fieldName([...issue.path, issue.keys[0]!]) : where;
  const params = (issue as { params?: { reason?: unknown; values?: unknown } }).params;
  const wire = wireIssue(issue);
  if (typeof params?.reason === "string" && isReasonOf("bad_request", params.reason)) {
    return { ok: false, problem: "invalid", field, message, issue: wire, reason: params.reason, values: params.values as Record<string, string | number> | undefined };
  }
  return { ok: false, problem: "invalid", field, message, issue: wire };
}

const numberOrUndefined = (value: unknown) => (typeof value === "number" || typeof value === "bigint" ? Number(value) : undefined);

/** The JSON-safe parts of a zod issue the app words (lib/i18n/describe-issue); its English message stays here. */
export function wireIssue(issue: z.core.$ZodIssue): WireIssue {
  const raw = issue as unknown as Record<string, unknown>;
  const wire: WireIssue = { code: issue.code, path: issue.path.map((part) => (typeof part === "number" ? part : String(part))) };
  if (typeof raw.expected === "string") wire.expected = raw.expected;
  if (typeof raw.origin === "string") wire.origin = raw.origin;
  const minimum = numberOrUndefined(raw.minimum);
  const maximum = numberOrUndefined(raw.maximum);
  if (minimum !== undefined) wire.minimum = minimum;
  if (maximum !== undefined) wire.maximum = maximum;
  if (typeof raw.inclusive === "boolean") wire.inclusive = raw.inclusive;
  if (Array.isArray(raw.values)) wire.values = raw.values.map(String);
  if (Array.isArray(raw.keys)) wire.keys = raw.keys.map(String);
  const params = raw.params as { problem?: unknown; reason?: unknown; values?: unknown } | undefined;
  if (params && (typeof params.problem === "string" || typeof params.reason === "string")) {
    wire.params = {
      ...(typeof params.problem === "string" ? { problem: params.problem } : {}),
      ...(typeof params.reason === "string" ? { reason: params.reason } : {}),
      ...(params.values && typeof params.values === "object" ? { values: params.values as Record<string, string | number> } : {}),
    };
  }
  return wire;
}
