/** The committed WebAssembly modules are what the pinned AssemblyScript compiler makes of the committed source. */
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain .mjs build script without type declarations
import { buildKernelsWasm } from "../../../scripts/build-kernels-wasm.mjs";

describe("WebAssembly kernel build", () => {
  it("reproduces the committed modules byte for byte", async () => {
    const stale: string[] = await buildKernelsWasm({ check: true });
    expect(stale).toEqual([]);
  }, 120_000);
});
