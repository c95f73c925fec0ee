/**
 * Runs the real application for browser tests: builds the pages once if missing or stale (the same check as
 * `npm start`), then starts `server/index.ts` as its own process on a free port with a throw-away SQLite file
 * and data directory, exactly as a user's `npm start` runs it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureNextBuild } from "@/scripts/next-build";
import { ROOT } from "@/scripts/prisma-cli";

const STARTUP_TIMEOUT_MS = 120_000;

export interface RunningApp {
  url: string;
  /** What the server process printed, for failure messages. */
  output(): string;
  /** SIGKILL: the server is gone, the database and port are kept for `restart`. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function buildOnce(): void {
  ensureNextBuild((line) => console.log(`[e2e] ${line}`));
}

/**
 * `kill()` ends the server abruptly (an outage: a crash or a pulled plug) and `restart()` brings it back on the same
 * port, database and data directory, as an operator restarting it would.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lr-e2e-"));
  let server = await spawnServer(dataDir, "0", env);
  const port = new URL(server.url).port;
  return {
    url: server.url,
    output: () => server.output(),
    async kill() {
      await server.end("SIGKILL");
    },
    async restart() {
      server = await spawnServer(dataDir, port, env);
    },
    async stop() {
      await server.end("SIGTERM");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface ServerProcess {
  url: string;
  output(): string;
  end(signal: NodeJS.Signals): Promise<void>;
}

async function spawnServer(dataDir: string, port: string, env: Record<string, string>): Promise<ServerProcess> {
  // tsx as a loader in this very process (not its CLI, which runs the server in a grandchild): a SIGKILL then
  // really takes the server down.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server", "index.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: port,
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      REDIS_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output}`)), STARTUP_TIMEOUT_MS);
    const onData = () => {
      const match = /Loss Race is ready: (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    async end(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill(signal);
        await exited;
      }
    },
  };
}
