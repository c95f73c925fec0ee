import { checkKernels } from "./entry";

checkKernels("worker").then(
  (report) => postMessage(report),
  (error: unknown) => postMessage({ where: "worker", error: String(error instanceof Error ? error.stack : error) }),
);
