/**
 * The run page's "Download for PyTorch": built in the browser from the run's weight file, which the page may
 * already download (same authorization: GET /api/runs/:id/weights). The page has the engine, so it computes the
 * predictions run.json carries and zips the folder itself: no new server route to guard, and no server CPU for a
 * forward pass over every window and a rollout (the server's cores score races). The series is the one the run
 * trained on, which its config generates: for a race run, the visible series (the hidden continuation is not in
 * the config and never reaches a browser). Loaded on demand, so the run page does not carry tfjs until asked.
 */
import { fromBase64 } from "@/lib/base64";

export async function buildPytorchZip(weightsBase64: string, runId: string, folder: string, mtime: Date): Promise<Uint8Array<ArrayBuffer>> {
  const [tf, { decodeWeights }, { exportWeights, zipExport }, { fusedRecurrentLayer }, { generateSeries }] = await Promise.all([
    import("@tensorflow/tfjs"),
    import("@/lib/ml/weights-format"),
    import("@/lib/ml/pytorch/export"),
    import("@/lib/ml/kernels/index"),
    import("@/lib/data/series"),
  ]);
  // The cpu backend computes in float32 like PyTorch's CPU kernels (WebGL may use half floats on some GPUs), and
  // the fused JS kernels run on it without WebAssembly to prepare: the numbers the round-trip test checks.
  if (!(await tf.setBackend("cpu"))) throw new Error("the tfjs cpu backend is not available");
  const weights = decodeWeights(fromBase64(weightsBase64));
  const files = exportWeights(weights, generateSeries(weights.config.dataset), fusedRecurrentLayer, runId);
  return new Uint8Array(zipExport(files, folder, mtime));
}
