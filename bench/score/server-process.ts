/**
 * The server under test for bench:score, in its own process (as `npm start` runs it): the real createServer with
 * its scoring pool on a SQLite file. It measures its own event-loop delay and reports it to the bench over IPC,
 * so the bench's HTTP and socket clients never count against the server's event loop.
 */
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createServer } from "@/server/app";
import { parseConfig } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openDatabase } from "@/server/persistence/database";
import { createScoringPool } from "@/server/scoring/pool";

const databaseUrl = process.env.BENCH_DATABASE_URL!;
const parsed = parseConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" }, { version: "bench" });
if (!parsed.ok) throw new Error(parsed.problems.join("; "));
const database = await openDatabase(databaseUrl);
const scoring = createScoringPool();
const server = await createServer(parsed.config, {
  database,
  secret: randomBytes(32).toString("hex"),
  logger: createLogger("silent"),
  // Sign-up cost is not what this bench measures.
  scrypt: { N: 2 ** 12, r: 8, p: 1 },
  services: { scoring },
});
const address = await server.listen(0, "127.0.0.1");

// 1 ms resolution: the goal (p99 < 50 ms) needs finer steps than the 10 ms default.
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
process.on("message", (message: string) => {
  if (message === "reset") {
    histogram.reset();
    process.send!({ reset: true });
  } else if (message === "report") {
    process.send!({ p50Ms: histogram.percentile(50) / 1e6, p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 });
  } else if (message === "stop") {
    void (async () => {
      await server.close();
      await scoring.close();
      await database.close();
      process.exit(0);
    })();
  }
});
process.send!({ url: `http://127.0.0.1:${address.port}`, poolSize: scoring.size });
