/**
 * The server as a child process (bench/room/server.ts), for tests and benchmarks that kill it or run several.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** SIGKILL: no flush, no goodbye (a crash or a pulled plug). */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown `npm start` does. */
  stop(): Promise<void>;
  /** The JSON lines the process wrote on stderr (bench/room/server.ts reports its event-loop delay at shutdown). */
  reports(): unknown[];
}

/** `nodeArgs`: extra Node.js flags (a benchmark's --cpu-prof). */
export async function startChildServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/room/server.ts"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "error", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Passed through, and its JSON lines kept.
  const reports: unknown[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => {
    process.stderr.write(`${line}\n`);
    if (line.startsWith("{")) {
      try {
        reports.push(JSON.parse(line));
      } catch {
        // a log line that only looks like JSON
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`unexpected server output: ${line}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, port, process: child, kill: () => end("SIGKILL"), stop: () => end("SIGTERM"), reports: () => reports };
}
