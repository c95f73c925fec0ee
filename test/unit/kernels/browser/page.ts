import { checkKernels } from "./entry";

declare global {
  interface Window {
    kernelReports: Promise<unknown[]>;
  }
}

window.kernelReports = (async () => {
  const page = await checkKernels("page");
  const worker = new Worker("/worker.js");
  const fromWorker = await new Promise((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
  });
  worker.terminate();
  return [page, fromWorker];
})();
