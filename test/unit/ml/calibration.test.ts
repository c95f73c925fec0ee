import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { calibrate } from "@/lib/ml/calibration";
import { withOverrides } from "@/lib/ml/config";
import { candidatesFor, LAYER_IMPLEMENTATIONS, OPS_IMPLEMENTATION, type LayerImplementation } from "@/lib/ml/implementations";

const config = withOverrides({ model: { hidden: 8 }, window: 10, dataset: { length: 40 } });

// Registering wasm makes it the preferred backend; like any tfjs user we must activate one before use.
beforeAll(() => tf.setBackend("cpu"));

describe("backend calibration", () => {
  it("offers every implementation on every backend it supports", () => {
    const cpuOnly: LayerImplementation = { name: "cpu-only", layer: OPS_IMPLEMENTATION.layer, backends: ["cpu"] };
    expect(candidatesFor(["wasm", "cpu"], [OPS_IMPLEMENTATION, cpuOnly]).map((c) => `${c.backend}/${c.implementation.name}`)).toEqual([
      "wasm/ops",
      "cpu/ops",
      "cpu/cpu-only",
    ]);
    expect(LAYER_IMPLEMENTATIONS).toContain(OPS_IMPLEMENTATION);
  });

  it("times each candidate with real training steps and activates the fastest", async () => {
    const before = tf.memory().numTensors;
    const { best, entries } = await calibrate(candidatesFor(["cpu", "wasm"]), { config, now: () => performance.now(), minMs: 20 });
    // Every implementation on each backend: plain ops and the fused kernel builds this runtime supports.
    const names = LAYER_IMPLEMENTATIONS.map((i) => i.name);
    expect(names.filter((n) => n.startsWith("fused-")).length).toBeGreaterThan(0);
    expect(entries.map((e) => `${e.backend}/${e.implementation}`)).toEqual(["cpu", "wasm"].flatMap((b) => names.map((n) => `${b}/${n}`)));
    for (const e of entries) {
      expect(e.error).toBeNull();
      expect(e.msPerStep).toBeGreaterThan(0);
    }
    const fastest = entries.reduce((a, b) => ((a.msPerStep as number) <= (b.msPerStep as number) ? a : b));
    expect(best.backend).toBe(fastest.backend);
    expect(best.implementation.name).toBe(fastest.implementation);
    expect(tf.getBackend()).toBe(best.backend);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("skips a backend that cannot start, with the reason", async () => {
    const { best, entries } = await calibrate(candidatesFor(["webgl", "cpu"]), {
      config,
      now: () => performance.now(),
      minMs: 1,
      // Node has no WebGL; the real tf.setBackend answers false, as in a browser without a GPU context.
      setBackend: async (name) => (name === "webgl" ? false : tf.setBackend(name)),
    });
    expect(best.backend).toBe("cpu");
    expect(entries[0]).toEqual({ backend: "webgl", implementation: "ops", msPerStep: null, error: "the webgl backend is not available here" });
  });

  it("records a candidate that throws and fails clearly when none works", async () => {
    const broken: LayerImplementation = {
      name: "broken",
      layer: () => {
        throw new Error("kernel not compiled");
      },
    };
    await expect(calibrate(candidatesFor(["cpu"], [broken]), { config, now: () => performance.now() })).rejects.toThrow(
      /no training backend works here: cpu\/broken: kernel not compiled/,
    );
  });
});
