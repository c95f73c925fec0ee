import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import { createJsKernels } from "@/lib/ml/kernels/jsKernels";
import type { KernelVariant } from "@/lib/ml/kernels/layout";
import { createWasmKernels, wasmSimdSupported } from "@/lib/ml/kernels/wasmKernels";

/**
 * Every kernel variant, each behind its own runner. Node 20 runs all three; a missing one is a failure here, not a
 * skip, because the fallback logic is tested separately.
 */
export async function kernelVariantsUnderTest(): Promise<{ variant: KernelVariant; runner: FusedRecurrentRunner }[]> {
  if (!wasmSimdSupported()) throw new Error("the test runtime should support WebAssembly SIMD");
  return [
    { variant: "js", runner: new FusedRecurrentRunner(createJsKernels()) },
    { variant: "wasm", runner: new FusedRecurrentRunner(await createWasmKernels(false)) },
    { variant: "wasm-simd", runner: new FusedRecurrentRunner(await createWasmKernels(true)) },
  ];
}
