/**
 * Which external services a test suite may use. Suites that need PostgreSQL, Redis, Chromium or PyTorch call
 * `requireService` at module level and wrap themselves in `describe.skipIf(!svc.available)`. On a newcomer's
 * machine without the service the suite is skipped with the reason; with CI=true a missing service is an error,
 * so CI can never go green by skipping.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

export type ServiceName = "postgresql" | "redis" | "redis-server" | "chromium" | "pytorch";

export interface ServiceStatus {
  available: boolean;
  /** Why the service is unavailable (empty when available). */
  reason: string;
}

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? "redis-server";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Debian's Python, where `apt-get install python3-torch` puts PyTorch (and numpy). */
export const PYTHON_PATH = process.env.PYTHON_PATH ?? "/usr/bin/python3";

const PROBE_TIMEOUT_MS = 1500;
/** Importing torch reads a few hundred MB of libraries: seconds on a cold cache. */
const PYTORCH_PROBE_TIMEOUT_MS = 60_000;

function pythonImportsTorch(): string {
  if (!existsSync(PYTHON_PATH)) return `${PYTHON_PATH} not found (apt-get install -y python3-torch libopenblas0-pthread)`;
  const result = spawnSync(PYTHON_PATH, ["-c", "import torch, numpy"], { encoding: "utf8", timeout: PYTORCH_PROBE_TIMEOUT_MS });
  if (result.status === 0) return "";
  const why = result.error?.message ?? result.stderr.trim().split("\n").at(-1) ?? `exit code ${result.status}`;
  return `${PYTHON_PATH} cannot import torch (${why}; apt-get install -y python3-torch libopenblas0-pthread)`;
}

function tcpReachable(url: string, defaultPort: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    const done = (reason: string) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(`timed out connecting to ${hostname}:${port || defaultPort}`));
    socket.once("connect", () => done(""));
    socket.once("error", (err) => done(`${hostname}:${port || defaultPort} unreachable (${err.message})`));
  });
}

async function probe(name: ServiceName): Promise<string> {
  switch (name) {
    case "postgresql":
      return tcpReachable(TEST_POSTGRES_URL, 5432);
    case "redis":
      return tcpReachable(TEST_REDIS_URL, 6379);
    case "redis-server":
      // Outage tests start (and stop) a Redis of their own.
      return spawnSync(REDIS_SERVER_PATH, ["--version"]).status === 0 ? "" : `${REDIS_SERVER_PATH} not found (apt-get install -y redis-server)`;
    case "chromium":
      return existsSync(CHROMIUM_PATH) ? "" : `${CHROMIUM_PATH} not found (apt-get install -y chromium)`;
    case "pytorch":
      return pythonImportsTorch();
  }
}

export async function requireService(name: ServiceName): Promise<ServiceStatus> {
  const reason = await probe(name);
  if (reason === "") return { available: true, reason: "" };
  if (process.env.CI === "true") {
    throw new Error(`CI=true requires ${name}, but it is not available: ${reason}`);
  }
  console.warn(`[skip] ${name} suites skipped: ${reason}`);
  return { available: false, reason };
}
