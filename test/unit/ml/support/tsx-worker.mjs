// Worker-thread entry that loads a TypeScript module through tsx, as the server's scoring pool will load lib/ml.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
