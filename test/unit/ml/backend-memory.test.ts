import { describe, expect, it } from "vitest";
import { deviceKey, MAX_SHAPES, needsMeasuring, parseMemory, recall, remember, REMEASURE_AFTER_MS, shapeKey } from "@/lib/ml/backend-memory";
import { withOverrides } from "@/lib/ml/config";

const device = deviceKey("Mozilla/5.0 (X11; CrOS x86_64) Chrome/131");
const small = withOverrides({ model: { hidden: 8 } });
const large = withOverrides({ model: { hidden: 128, layers: 2 } });
const wasm = { backend: "wasm" as const, implementation: "fused-wasm-simd", measuredAt: 1000 };
const cpu = { backend: "cpu" as const, implementation: "ops", measuredAt: 2000 };

describe("remembered backend choice", () => {
  it("recalls the choice measured for the same model shape on this device", () => {
    const memory = remember(null, device, small, wasm);
    expect(recall(memory, device, small)).toEqual({ choice: wasm, exact: true });
    // The seed and epochs do not change what is fastest.
    expect(recall(memory, device, { ...small, epochs: 5, seed: 9 })).toEqual({ choice: wasm, exact: true });
  });

  it("lends the latest measurement to a shape never measured, and asks for that shape to be measured", () => {
    const memory = remember(remember(null, device, small, wasm), device, withOverrides({ model: { hidden: 16 } }), cpu);
    expect(recall(memory, device, large)).toEqual({ choice: cpu, exact: false });
    expect(needsMeasuring(memory, device, large, 3000)).toBe(true);
    expect(needsMeasuring(memory, device, small, 3000)).toBe(false);
  });

  it("measures again after a day, on another browser or engine, and with nothing remembered", () => {
    const memory = remember(null, device, small, wasm);
    expect(needsMeasuring(memory, device, small, wasm.measuredAt + REMEASURE_AFTER_MS)).toBe(true);
    const other = deviceKey("Mozilla/5.0 (X11; CrOS x86_64) Chrome/132");
    expect(recall(memory, other, small)).toBeNull();
    expect(needsMeasuring(null, device, small, 0)).toBe(true);
    // A new device's measurement replaces the old device's memory.
    expect(remember(memory, other, large, cpu)).toEqual({ device: other, choices: { [shapeKey(large)]: cpu } });
  });

  it("keeps the most recently measured shapes only", () => {
    let memory = null;
    for (let hidden = 1; hidden <= MAX_SHAPES + 5; hidden++) memory = remember(memory, device, withOverrides({ model: { hidden } }), { ...cpu, measuredAt: hidden });
    expect(Object.keys(memory!.choices)).toHaveLength(MAX_SHAPES);
    expect(recall(memory, device, withOverrides({ model: { hidden: 1 } }))?.exact).toBe(false);
    expect(recall(memory, device, withOverrides({ model: { hidden: MAX_SHAPES + 5 } }))?.exact).toBe(true);
  });

  it("reads nothing from a damaged or foreign stored value", () => {
    expect(parseMemory(null)).toBeNull();
    expect(parseMemory("{not json")).toBeNull();
    expect(parseMemory(JSON.stringify({ device, choices: { x: { backend: "quantum", implementation: "ops", measuredAt: 1 } } }))).toBeNull();
    const memory = remember(null, device, small, wasm);
    expect(parseMemory(JSON.stringify(memory))).toEqual(memory);
  });
});
