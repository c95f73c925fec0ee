/**
 * Why an uploaded `.npz` is refused, as codes and values: the app writes the sentence in the reader's language
 * (lib/i18n/<locale>/pytorch.ts), the CLI and tests read `message`, a plain English description.
 */
export type NpzProblem =
  | { kind: "too_large"; bytes: number; maxBytes: number }
  | { kind: "not_zip" }
  | { kind: "not_npy"; name: string; detail: string }
  | { kind: "not_float"; name: string; dtype: string }
  | { kind: "non_finite"; name: string; index: number; value: number }
  | { kind: "missing_arrays"; names: string[] }
  | { kind: "extra_arrays"; names: string[] }
  | { kind: "wrong_shape"; name: string; shape: number[]; expected: string }
  | { kind: "out_of_limits"; what: "layers" | "hidden"; value: number; max: number };

export function describeNpzProblem(problem: NpzProblem): string {
  switch (problem.kind) {
    case "too_large":
      return `the file is too large (${problem.bytes} bytes; at most ${problem.maxBytes})`;
    case "not_zip":
      return "not an .npz file (not a zip archive)";
    case "not_npy":
      return `${problem.name} is not a NumPy array file (.npy): ${problem.detail}`;
    case "not_float":
      return `${problem.name} holds ${problem.dtype} values, not floating-point numbers`;
    case "non_finite":
      return `${problem.name} holds a non-finite value (${problem.value}) at index ${problem.index}`;
    case "missing_arrays":
      return `missing arrays: ${problem.names.join(", ")}`;
    case "extra_arrays":
      return `unexpected arrays: ${problem.names.join(", ")}`;
    case "wrong_shape":
      return `${problem.name} has shape (${problem.shape.join(", ")}), expected ${problem.expected}`;
    case "out_of_limits":
      return `the model has ${problem.value} ${problem.what === "layers" ? "layers" : "hidden units"}; at most ${problem.max} can be loaded`;
  }
}

/** The sentences of a catalogue (lib/i18n/<locale>/pytorch.ts) for each problem, with "{name}"-style placeholders. */
export interface NpzProblemTexts {
  too_large: string;
  not_zip: string;
  not_npy: string;
  not_float: string;
  non_finite: string;
  missing_arrays: string;
  extra_arrays: string;
  wrong_shape: string;
  out_of_limits: { layers: string; hidden: string };
}

/** A problem in the reader's language: the catalogue's sentence with the problem's values filled in. */
export function npzProblemText(problem: NpzProblem, texts: NpzProblemTexts, format: (template: string, values: Record<string, string | number>) => string): string {
  switch (problem.kind) {
    case "too_large":
      return format(texts.too_large, { bytes: problem.bytes, maxBytes: problem.maxBytes });
    case "not_zip":
      return texts.not_zip;
    case "not_npy":
      return format(texts.not_npy, { name: problem.name });
    case "not_float":
      return format(texts.not_float, { name: problem.name, dtype: problem.dtype });
    case "non_finite":
      return format(texts.non_finite, { name: problem.name, value: String(problem.value), index: problem.index });
    case "missing_arrays":
      return format(texts.missing_arrays, { names: problem.names.join(", ") });
    case "extra_arrays":
      return format(texts.extra_arrays, { names: problem.names.join(", ") });
    case "wrong_shape":
      return format(texts.wrong_shape, { name: problem.name, shape: pythonShape(problem.shape), expected: problem.expected });
    case "out_of_limits":
      return format(texts.out_of_limits[problem.what], { value: problem.value, max: problem.max });
  }
}

export class NpzError extends Error {
  override name = "NpzError";
  constructor(readonly problem: NpzProblem) {
    super(describeNpzProblem(problem));
  }
}

/** Shapes as NumPy prints them: (4,) for one dimension, () for a scalar. */
export const pythonShape = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);
