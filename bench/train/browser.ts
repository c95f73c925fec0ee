/** Browser entry of the benchmark: bundled by run.ts, loaded in headless Chromium, reports through page bindings. */
import "@tensorflow/tfjs-backend-wasm";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { runTfjsSuite, type Measurement, type SuiteOptions } from "./suite";

declare global {
  interface Window {
    benchReport(m: Measurement): Promise<void>;
    benchDone(error: string | null): Promise<void>;
  }
}

const params = new URLSearchParams(location.search);
setWasmPaths("/tfjs-wasm/");
const options = JSON.parse(params.get("options") ?? "{}") as Omit<SuiteOptions, "env" | "now" | "report">;
runTfjsSuite({ ...options, env: "chromium", now: () => performance.now(), report: (m) => void window.benchReport(m) })
  .then(() => window.benchDone(null))
  .catch((e: unknown) => window.benchDone(e instanceof Error ? `${e.message}\n${e.stack}` : String(e)));
