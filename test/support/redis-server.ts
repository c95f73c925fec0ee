/**
 * A redis-server of a test's own, on a free port, that the test may stop, restart (empty, as after a crash
 * without persistence) or freeze (SIGSTOP: connected but not answering). The shared Redis on 6379 is never touched.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { REDIS_SERVER_PATH } from "./services";

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  freeze(): void;
  thaw(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const spawned = spawn(REDIS_SERVER_PATH, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          spawned.stdout!.off("data", onData);
          child = spawned;
          resolve();
        }
      };
      spawned.stdout!.on("data", onData);
      spawned.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    child = null;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGCONT");
    running.kill("SIGTERM");
    await exited;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    freeze: () => void child?.kill("SIGSTOP"),
    thaw: () => void child?.kill("SIGCONT"),
  };
}
