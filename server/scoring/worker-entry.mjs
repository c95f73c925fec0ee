// Worker threads start from plain JavaScript; this registers tsx so the worker runs the TypeScript sources
// (lib/ and server/) exactly as the server process does.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
