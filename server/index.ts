/**
 * The process entry point (`npm start`, `npm run dev`): read the configuration, open the database (applying
 * migrations), prepare Next.js, build the server and listen. Everything else lives in createServer.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createServer } from "./app";
import { parseConfig } from "./config";
import type { JoinAddress } from "@/lib/net/join-address";
import { createLogger } from "./logger";
import { openDatabase } from "./persistence/database";
import { createScoringPool } from "./scoring/pool";
import { resolveSessionSecret } from "./secrets";
import { routes } from "./http/routes/index";
import { ShiftableClock, testClockRoutes } from "./test-clock";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const parsed = parseConfig(process.env, { dev, version, cwd: ROOT });
  if (!parsed.ok) {
    console.error(`Loss Race cannot start: the configuration is invalid.\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel);

  process.chdir(ROOT); // relative DATABASE_URL paths and Next.js's .next are taken from the project root
  const database = await openDatabase(config.databaseUrl);
  if (database.appliedMigrations.length) logger.info("database migrated", { applied: database.appliedMigrations });

  // Next.js reads NODE_ENV when it is loaded, so set it first.
  (process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
  const { default: next } = await import("next");
  const nextApp = next({ dev, dir: ROOT, hostname: config.host || "localhost", port: config.port });
  await nextApp.prepare();

  const scoring = createScoringPool({ logger });
  // Browser tests move the server's time (server/test-clock.ts); nothing else ever does.
  const testClock = config.testClock ? new ShiftableClock() : null;
  if (testClock) logger.warn("LOSS_RACE_TEST_CLOCK is set: anyone can move this server's clock (POST /api/test/clock). For browser tests only.");
  const server = await createServer(config, {
    ...(testClock ? { clock: testClock, routes: [...routes, ...testClockRoutes(testClock)] } : {}),
    database,
    secret: resolveSessionSecret(config),
    next: nextApp.getRequestHandler(),
    logger,
    services: { scoring },
  });
  const address = await server.listen(config.port, config.host);
  const shown = config.host && config.host !== "0.0.0.0" && config.host !== "::" ? config.host : "localhost";
  const join = server.ctx.services.joinAddress.current();
  logger.info("Loss Race is running", { url: `http://${shown}:${address.port}`, join: join.origin, db: database.provider, redis: Boolean(config.redisUrl), dev });
  console.log(`\n  Loss Race is ready: http://${shown}:${address.port}\n${studentsLine(join)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    await server.close();
    await scoring.close();
    await nextApp.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** What the teacher tells the class (the classroom page shows the same address, with its QR code). */
function studentsLine(join: JoinAddress): string {
  if (join.source === "loopback") {
    return `  Students cannot reach ${join.origin}: start on the school network (HOST empty) or set PUBLIC_URL.`;
  }
  const others = join.alternatives.length ? `\n  (also ${join.alternatives.join(", ")})` : "";
  return `  Students join at:    ${join.origin}/join${others}`;
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  const hint = code === "EADDRINUSE" ? " Another program uses this port: stop it, or start with PORT=3001 npm start." : "";
  console.error(`Loss Race failed to start: ${error instanceof Error ? error.message : String(error)}.${hint}`);
  process.exit(1);
});
