/** Where the app serves tfjs's WebAssembly binaries (see app/tfjs-wasm/[file]/route.ts). */
export const TFJS_WASM_PATH = "/tfjs-wasm/";
