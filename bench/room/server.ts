/**
 * The server without the Next.js pages (with its scoring pool), as a child process: what `bench:room` runs (one or several, sharing
 * Redis) and what the restart tests kill. Reads the same environment as `npm start` (PORT 0 picks a free port)
 * and prints one JSON line `{ "port": N }` on stdout once listening. BENCH_SCRYPT_N lowers the password hashing
 * cost so hundreds of simulated students can sign up quickly; it is not read by the real entry point.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createServer } from "@/server/app";
import { parseConfig } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openDatabase } from "@/server/persistence/database";
import { createScoringPool } from "@/server/scoring/pool";
import { resolveSessionSecret } from "@/server/secrets";
import { DEFAULT_RATE_RULES, type RateRules } from "@/server/security/rate-rules";

const parsed = parseConfig(process.env, { version: "bench" });
if (!parsed.ok) {
  console.error(parsed.problems.join("; "));
  process.exit(1);
}
const config = parsed.config;
const database = await openDatabase(config.databaseUrl);
const scryptN = Number(process.env.BENCH_SCRYPT_N ?? 0);
// A benchmark signs up hundreds of students from one address: every limit is lifted (each keeps its own name).
const loose = Object.fromEntries(Object.entries(DEFAULT_RATE_RULES).map(([key, rule]) => [key, { ...rule, limit: 1_000_000 }])) as unknown as RateRules;
// Uploads are verified as in `npm start` (bench:race sends checkpoints).
const scoring = createScoringPool();
const server = await createServer(config, {
  database,
  services: { scoring },
  secret: resolveSessionSecret(config),
  logger: createLogger(config.logLevel),
  ...(scryptN ? { scrypt: { N: scryptN, r: 8, p: 1 } } : {}),
  ...(process.env.BENCH_LOOSE_RATES ? { rateRules: loose } : {}),
});
const address = await server.listen(config.port, "127.0.0.1");
console.log(JSON.stringify({ port: address.port }));
// How late the event loop ran (what every request and tick waits behind), reported on stderr at shutdown.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

const stop = async () => {
  loopDelay.disable();
  const ms = (ns: number) => Math.round(ns / 1e6);
  console.error(JSON.stringify({ eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) } }));
  await server.close();
  await scoring.close();
  await database.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
