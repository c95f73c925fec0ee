/**
 * The catalogues against each other: every language has every message (the compiler checks the keys; these
 * check the contents), the same placeholders per message, and no message accidentally left in English.
 */
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "@/lib/errors";
import { en, format, LOCALES, messagesFor, placeholders, type Messages } from "@/lib/i18n";
import { npzProblemText, type NpzProblem } from "@/lib/ml/pytorch/problems";

/** Every text of a catalogue, by its dotted key. */
function entries(catalogue: unknown, prefix = ""): [string, string][] {
  if (typeof catalogue === "string") return [[prefix, catalogue]];
  return Object.entries(catalogue as Record<string, unknown>).flatMap(([key, value]) => entries(value, prefix ? `${prefix}.${key}` : key));
}

/**
 * Texts that are the same in Japanese: names of things (cells, optimisers, activation functions, backends, the
 * product) and units. Anything else equal to the English is a message someone forgot to translate.
 */
const NAMES = ["Loss Race", "PyTorch", "RNN", "LSTM", "GRU", "tanh", "ReLU", "SGD", "Adam", "WebAssembly", "WebGL", "MSE", "CSV"];
/** Only names, placeholders, numbers and punctuation ("{from} – {to}", "PyTorch · MSE {mse}"): nothing to translate. */
const nothingToTranslate = (text: string) => !/\p{L}/u.test(NAMES.reduce((rest, name) => rest.replaceAll(name, ""), text.replace(/\{\w+\}/g, "")));

const english = new Map(entries(en));

describe.each(LOCALES.filter((locale) => locale !== "en"))("the %s catalogue", (locale) => {
  const translated = new Map(entries(messagesFor(locale)));

  it("has exactly the English keys, each with a text", () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of translated) expect(text, key).toMatch(/\S/);
  });

  it("uses the same placeholders as English in every message", () => {
    const differing = [...english].filter(([key, text]) => placeholders(text).join() !== placeholders(translated.get(key) ?? "").join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it("leaves no message in English by accident", () => {
    const untranslated = [...english].filter(([key, text]) => translated.get(key) === text && !nothingToTranslate(text));
    expect(untranslated.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });
});

describe("the Japanese catalogue", () => {
  const ja = new Map(entries(messagesFor("ja")));

  it("speaks the lesson's words for its central terms", () => {
    const m: Messages = messagesFor("ja");
    expect(m.playground.charts.correct).toBe("正解");
    expect(m.playground.charts.predicted).toBe("予測");
    expect(m.playground.charts.epochAxis).toBe("エポック");
    expect(m.playground.form.learningRate).toBe("学習率");
    expect(m.playground.form.batchSize).toBe("バッチサイズ");
    expect(m.playground.form.nonlinearity).toMatch(/活性化関数/);
    expect(m.playground.form.hidden).toBe("ニューロン数");
    expect(m.validation.fields["model.hidden"]).toBe("ニューロン数");
    expect(m.playground.charts.lossAxis).toMatch(/損失/);
  });

  it("is polite: its sentences end in です/ます forms", () => {
    // Sentences (ending in 。) written for the reader; a plain-form ending would read as a note to oneself.
    const sentences = [...ja.values()].flatMap((text) => text.split(/(?<=。)/).filter((s) => s.endsWith("。")));
    const plain = sentences.filter((s) => !/(です|ます|でした|ました|ません|ください|しょう|ありません)[）」]?。$/.test(s.replace(/[（(][^）)]*[）)]。$/, "。")));
    expect(plain).toEqual([]);
  });
});

describe("messages", () => {
  it("exist for every error code", () => {
    for (const code of ERROR_CODES) expect(en.errors[code], code).toMatch(/\S/);
  });

  it("name only error codes that exist in their reasons", () => {
    for (const key of Object.keys(en.errorReasons)) expect(ERROR_CODES).toContain(key.split(".")[0]);
  });

  it.each(LOCALES)("explain every refusal of an uploaded .npz in %s with its values and no placeholder left", (locale) => {
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
    const texts = problems.map((p) => npzProblemText(p, messagesFor(locale).pytorch.import.problems, format));
    if (locale === "en") {
      expect(texts[0]).toBe("The file is too large (13000000 bytes; at most 12582912).");
      expect(texts[4]).toBe("rnn.weight_hh_l0 holds a value that is not a finite number (NaN) at position 3.");
      expect(texts[7]).toBe("output.weight has shape (2, 4); the lesson's model needs (1, 4).");
    }
    for (const text of texts) expect(text).not.toMatch(/\{\w+\}/);
  });

  it("fill placeholders and leave unknown ones visible", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("list their placeholders once each, sorted", () => {
    expect(placeholders("{b} of {a}, {b}")).toEqual(["a", "b"]);
    expect(placeholders("none")).toEqual([]);
  });
});
