/**
 * Serves tfjs-backend-wasm's .wasm binaries from the installed package, so the WebAssembly backend works from
 * a fresh clone with no copy step and no CDN (classrooms may be offline).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const WASM_FILES = new Set(["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]);
const WASM_DIR = join(process.cwd(), "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");

export async function GET(_request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await context.params;
  if (!WASM_FILES.has(file)) return new Response("Not found", { status: 404 });
  const bytes = await readFile(join(WASM_DIR, file));
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": "application/wasm", "cache-control": "public, max-age=86400" },
  });
}
