/**
 * Names people type: display names (students' and teachers'), classroom names and e-mail addresses.
 * Pure: the server validates with these and the UI uses them to explain a problem before submitting.
 */

export const DISPLAY_NAME_MAX_LENGTH = 32;
export const CLASSROOM_NAME_MAX_LENGTH = 60;
export const EMAIL_MAX_LENGTH = 254;
export const DATASET_NAME_MAX_LENGTH = 60;

export type NameProblem = "empty" | "too_long" | "control_characters";

export type ParsedName = { ok: true; value: string; key: string } | { ok: false; problem: NameProblem };

/**
 * Characters that are invisible or reorder text, which would let two names look identical or let a name
 * spoof the text around it on the projector: C0/C1 controls (except tab, which is folded into a space like
 * any whitespace), bidi embeddings/overrides/isolates, zero-width space/non-joiner, marks, word joiner and BOM,
 * line/paragraph separators. The zero-width joiner stays allowed because emoji sequences need it.
 */
const FORBIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u202A-\u202E\u2028\u2029\u2060\u2066-\u2069\uFEFF]/u;

function parseName(raw: string, maxLength: number): ParsedName {
  if (FORBIDDEN.test(raw)) return { ok: false, problem: "control_characters" };
  const value = raw.normalize("NFC").trim().replace(/\s+/gu, " ");
  if (value.length === 0) return { ok: false, problem: "empty" };
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  if ([...value].length > maxLength) return { ok: false, problem: "too_long" };
  return { ok: true, value, key: nameKey(value) };
}

/**
 * The identity of a name for uniqueness: "Ａｎｎａ", "anna" and "ANNA " are the same student. NFKC folds
 * full-width forms (common with Japanese keyboards); lower-casing is locale-independent on purpose.
 */
export function nameKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/gu, " ").toLowerCase();
}

export function parseDisplayName(raw: string): ParsedName {
  return parseName(raw, DISPLAY_NAME_MAX_LENGTH);
}

export function parseClassroomName(raw: string): ParsedName {
  return parseName(raw, CLASSROOM_NAME_MAX_LENGTH);
}

/** The name a teacher or student gives an uploaded series in their data library. */
export function parseDatasetName(raw: string): ParsedName {
  return parseName(raw, DATASET_NAME_MAX_LENGTH);
}

/** Whether text holds a character that is invisible or reorders the text around it (see FORBIDDEN). */
export function hasInvisibleCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** Deliberately simple: one @, something on each side, a dot in the domain, no spaces. Stored lower-cased. */
export function parseEmail(raw: string): { ok: true; value: string } | { ok: false } {
  const value = raw.trim().toLowerCase();
  if (value.length > EMAIL_MAX_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(value) || FORBIDDEN.test(value)) {
    return { ok: false };
  }
  return { ok: true, value };
}
