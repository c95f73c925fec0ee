/// <reference lib="webworker" />
/**
 * The training Web Worker: tfjs and the whole training loop run here, so the page stays responsive. All logic
 * is in lib/ml/worker-host (tested in Node); this file only wires it to the worker global and the browser's
 * backends.
 */
import "@/app/_lib/zod-without-eval";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { BackendName } from "@/lib/ml/implementations";
import { createTrainingHost } from "@/lib/ml/worker-host";
import { TFJS_WASM_PATH } from "./wasm-path";

declare const self: DedicatedWorkerGlobalScope;

// The .wasm binaries are served by the app itself (app/tfjs-wasm), never a CDN: schools may be offline.
setWasmPaths(TFJS_WASM_PATH);
// Only silences tfjs's console advice; kernels and checks are unchanged.
tf.enableProdMode();

/** Registered by the imports above, in the order to prefer when calibration timings tie. */
const BACKENDS: readonly BackendName[] = (["wasm", "webgl", "cpu"] as const).filter((name) => tf.findBackendFactory(name) !== null);

/** A turn of the event loop without setTimeout's 4 ms clamp, so pause/stop messages get through between epochs. */
const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldControl = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

const host = createTrainingHost({
  post: (message, transfer) => self.postMessage(message, transfer ?? []),
  now: () => performance.now(),
  yieldControl,
  availableBackends: BACKENDS,
});

self.onmessage = (event: MessageEvent<unknown>) => host.handle(event.data);
