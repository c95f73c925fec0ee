import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import { createJsKernels } from "@/lib/ml/kernels/jsKernels";
import type { KernelVariant } from "@/lib/ml/kernels/layout";
import { createWasmKernels, wasmVariantSupported } from "@/lib/ml/kernels/wasmKernels";
import { setFlagsFromString } from "node:v8";

// Node 20 keeps relaxed SIMD behind a flag (Chromium ships it); turning it on here lets the tests run that build too.
setFlagsFromString("--experimental-wasm-relaxed-simd");

/**
 * Every kernel variant, each behind its own runner. A variant this runtime cannot run is a failure here, not a
 * skip: Node 20 (with the flag above) runs all four, and the fallback order is tested separately.
 */
export async function kernelVariantsUnderTest(): Promise<{ variant: KernelVariant; runner: FusedRecurrentRunner }[]> {
  const wasm = (["wasm", "wasm-simd", "wasm-relaxed-simd"] as const).map((variant) => {
    if (!wasmVariantSupported(variant)) throw new Error(`the test runtime should support the ${variant} kernels`);
    return variant;
  });
  return [
    { variant: "js", runner: new FusedRecurrentRunner(createJsKernels()) },
    ...(await Promise.all(wasm.map(async (variant) => ({ variant, runner: new FusedRecurrentRunner(await createWasmKernels(variant)) })))),
  ];
}
