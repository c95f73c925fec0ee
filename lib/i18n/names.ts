/** Names of things the server stores as codes ("momentum"), as the reader's form calls them ("SGD with momentum"). */
import type { Messages } from "./index";

export function optimizerName(m: Messages, kind: string): string {
  return (m.playground.form.optimizers as Record<string, string>)[kind] ?? kind;
}

/**
 * What a run computed with, in words a student knows ("WebAssembly (SIMD)"), from the engine's ids: a tfjs
 * backend ("cpu", "wasm", "webgl") and a layer implementation ("ops", or one of our fused kernel builds such as
 * "fused-wasm-relaxed-simd", which run on the cpu backend). Stored runs keep both as "backend/implementation";
 * older ones only the backend. Ids it does not know are shown as they are.
 */
export function engineName(m: Messages, backend: string | null, implementation?: string | null): string {
  if (!backend) return "?";
  const [tfBackend, impl = implementation ?? "ops"] = backend.includes("/") ? backend.split("/", 2) : [backend, implementation ?? "ops"];
  const names = m.playground.engines;
  if (impl.startsWith("fused-")) {
    if (impl.endsWith("simd")) return names.wasmSimd;
    if (impl === "fused-wasm") return names.wasm;
    if (impl === "fused-js") return names.js;
  }
  if (impl === "ops") {
    if (tfBackend === "wasm") return names.wasm;
    if (tfBackend === "webgl") return names.webgl;
    if (tfBackend === "cpu") return names.js;
  }
  return backend.includes("/") || !implementation ? backend : `${backend} (${implementation})`;
}
