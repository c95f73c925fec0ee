import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/errors";
import { en, format } from "@/lib/i18n";
import { npzProblemText, type NpzProblem } from "@/lib/ml/pytorch/problems";

describe("messages", () => {
  it("exist for every error code", () => {
    for (const code of ERROR_CODES) expect(en.errors[code], code).toMatch(/\S/);
  });

  it("name only error codes that exist in their reasons", () => {
    for (const key of Object.keys(en.errorReasons)) expect(ERROR_CODES).toContain(key.split(".")[0]);
  });

  it("explain every refusal of an uploaded .npz with its values and no placeholder left", () => {
    const problems: NpzProblem[] = [
      { kind: "too_large", bytes: 13_000_000, maxBytes: 12_582_912 },
      { kind: "not_zip" },
      { kind: "not_npy", name: "rnn.bias_ih_l0", detail: "truncated" },
      { kind: "not_float", name: "output.bias", dtype: "<i8" },
      { kind: "non_finite", name: "rnn.weight_hh_l0", index: 3, value: NaN },
      { kind: "missing_arrays", names: ["rnn.bias_hh_l0", "output.bias"] },
      { kind: "extra_arrays", names: ["rnn.weight_ih_l0_reverse"] },
      { kind: "wrong_shape", name: "output.weight", shape: [2, 4], expected: "(1, 4)" },
      { kind: "out_of_limits", what: "layers", value: 4, max: 3 },
      { kind: "out_of_limits", what: "hidden", value: 512, max: 256 },
    ];
    const texts = problems.map((p) => npzProblemText(p, en.pytorch.import.problems, format));
    expect(texts[0]).toBe("The file is too large (13000000 bytes; at most 12582912).");
    expect(texts[4]).toBe("rnn.weight_hh_l0 holds a value that is not a finite number (NaN) at position 3.");
    expect(texts[7]).toBe("output.weight has shape (2, 4); the lesson's model needs (1, 4).");
    for (const text of texts) expect(text).not.toMatch(/\{\w+\}/);
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
