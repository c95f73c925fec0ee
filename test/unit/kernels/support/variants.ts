import { createJsKernels } from "@/lib/ml/kernels/jsKernels";
import { FusedRecurrentRunner } from "@/lib/ml/kernels/fusedRecurrent";
import type { KernelVariant } from "@/lib/ml/kernels/layout";

/** Every kernel variant this machine can run, each behind its own runner. */
export async function kernelVariantsUnderTest(): Promise<{ variant: KernelVariant; runner: FusedRecurrentRunner }[]> {
  return [{ variant: "js", runner: new FusedRecurrentRunner(createJsKernels()) }];
}
