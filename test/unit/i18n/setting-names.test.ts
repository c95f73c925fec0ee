/**
 * Settings tables and engine names read as people speak (issue 14): every setting a stored configuration can
 * hold has a label in every language (no raw "optimizer.beta1"), coded values are named as the form names them,
 * and an engine's ids ("cpu" + "fused-wasm-relaxed-simd") become "WebAssembly (SIMD)".
 */
import { describe, expect, it } from "vitest";
import { configDiff } from "@/lib/history/config-diff";
import { LOCALES, messagesFor } from "@/lib/i18n";
import { fieldLabel } from "@/lib/i18n/describe-error";
import { engineName } from "@/lib/i18n/names";
import { settingValue } from "@/lib/i18n/setting-value";
import { DEFAULT_TRAINING_CONFIG, withOverrides } from "@/lib/ml/config";

const CONFIGS = [
  DEFAULT_TRAINING_CONFIG,
  withOverrides({ optimizer: { kind: "adam" } }),
  withOverrides({ optimizer: { kind: "momentum" } }),
  withOverrides({ dataset: { source: "upload", datasetId: "3f1b2c", length: 36, scaling: "min-max" }, window: 8 }),
];

describe.each(LOCALES)("in %s", (locale) => {
  const m = messagesFor(locale);

  it("labels every setting of every kind of stored configuration", () => {
    const paths = configDiff(CONFIGS).map((row) => row.path);
    expect(paths).toEqual(expect.arrayContaining(["optimizer.beta1", "optimizer.momentum", "dataset.scaling", "model.nonlinearity"]));
    const unlabelled = paths.filter((path) => fieldLabel(m, path) === path);
    expect(unlabelled).toEqual([]);
  });

  it("names coded values as the form does, and leaves numbers alone", () => {
    expect(settingValue(m, "optimizer.kind", "momentum")).toBe(m.playground.form.optimizers.momentum);
    expect(settingValue(m, "dataset.preset", "noisy-cosine")).toBe(m.playground.form.presets["noisy-cosine"]);
    expect(settingValue(m, "dataset.scaling", "min-max")).toBe(m.data.upload.scalings["min-max"]);
    expect(settingValue(m, "model.hidden", "64")).toBe("64");
    expect(settingValue(m, "optimizer.kind", "something-new")).toBe("something-new");
  });

  it("names engines for people, from live ids and from stored ones", () => {
    const e = m.playground.engines;
    expect(engineName(m, "cpu", "fused-wasm-relaxed-simd")).toBe(e.wasmSimd);
    expect(engineName(m, "cpu/fused-wasm-simd")).toBe(e.wasmSimd);
    expect(engineName(m, "cpu/fused-wasm")).toBe(e.wasm);
    expect(engineName(m, "cpu/fused-js")).toBe(e.js);
    expect(engineName(m, "wasm", "ops")).toBe(e.wasm);
    expect(engineName(m, "webgl/ops")).toBe(e.webgl);
    // Older runs stored the backend alone.
    expect(engineName(m, "cpu")).toBe(e.js);
    // Unknown ids are shown as they are rather than guessed at.
    expect(engineName(m, "webgpu", "ops")).toBe("webgpu (ops)");
    expect(engineName(m, "webgpu/x")).toBe("webgpu/x");
    expect(engineName(m, null)).toBe("?");
  });
});
