/**
 * History query speed for one student with many runs, on SQLite and PostgreSQL:
 *
 *   npm run bench:history -- --runs 10000 --json
 *
 * Seeds a throw-away database (scripts/seed: realistic configs, 50-epoch curve chunks of up to 1000 epochs,
 * rollouts, tags, notes, a race), starts the real server in-process and calls the JSON API as the pages do,
 * signed in as that student. Server time is measured inside the HTTP server, from the request's arrival to the
 * last byte of the answer (routing, session, zod, queries, JSON), and reported as p50/p99 per operation:
 *
 * - `session`: GET /api/session, the baseline cost of any signed-in request;
 * - `list`: GET /api/history, rotating through five filtered/sorted/paged queries a student makes;
 * - `run`: GET /api/runs/:id, a run page (summary, config, full curve, rollouts);
 * - `compare`: GET /api/history/compare with 10 runs (their curves and the config diff).
 *
 * Goal: p99 under 50 ms for list, run and compare. Prints one JSON line per (db, op) and a machine line.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { createServer } from "@/server/app";
import { parseConfig } from "@/server/config";
import { createLogger } from "@/server/logger";
import { openDatabase } from "@/server/persistence/database";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "@/test/support/databases";
import { requireService } from "@/test/support/services";
import { ApiClient } from "@/test/support/server";
import { createRng } from "@/lib/random";
import { seedDatabase, SEED_PASSWORD } from "@/scripts/seed/seed";

const GOAL_P99_MS = 50;

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    iterations: { type: "string", default: "200" },
    db: { type: "string", default: "both" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const iterations = Number(values.iterations);
if (!Number.isInteger(runs) || runs < 10 || !Number.isInteger(iterations) || iterations < 10 || !["both", "sqlite", "postgresql"].includes(values.db!)) {
  console.error("usage: npm run bench:history -- [--runs N>=10] [--iterations N>=10] [--db both|sqlite|postgresql] [--json]");
  process.exit(2);
}
const log = (line: string) => (values.json ? process.stderr.write(`${line}\n`) : console.log(line));
const emit = (record: Record<string, unknown>) => (values.json ? console.log(JSON.stringify(record)) : console.log(record));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

emit({
  bench: "history",
  machine: { cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
});

const targets: { name: "sqlite" | "postgresql"; create: () => Promise<TestDatabase> }[] = [];
if (values.db !== "postgresql") targets.push({ name: "sqlite", create: async () => createSqliteDatabase() });
if (values.db !== "sqlite") {
  const pgService = await requireService("postgresql");
  if (pgService.available) targets.push({ name: "postgresql", create: createPostgresDatabase });
  else log(`[bench:history] PostgreSQL skipped: ${pgService.reason}`);
}

for (const target of targets) {
  const testDb = await target.create();
  const database = await openDatabase(testDb.url);
  try {
    const seedStarted = performance.now();
    const seeded = await seedDatabase(database, { url: testDb.url, users: 1, runsPerUser: runs, seed: 7, now: new Date(), onProgress: () => undefined });
    log(`[bench:history] ${target.name}: seeded ${runs} runs in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const parsed = parseConfig({ DATABASE_URL: testDb.url, LOG_LEVEL: "silent" }, { version: "bench" });
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    const handle = await createServer(parsed.config, { database, secret: randomBytes(32).toString("hex"), logger: createLogger("silent") });
    const samples = new Map<string, number[]>();
    let currentOp = "";
    handle.http.prependListener("request", (req, res) => {
      const op = currentOp;
      const started = performance.now();
      res.on("finish", () => {
        if (op) samples.get(op)?.push(performance.now() - started);
      });
    });
    const address = await handle.listen(0, "127.0.0.1");
    try {
      const client = new ApiClient(`http://127.0.0.1:${address.port}`);
      const signIn = await client.post("/api/students/session", { code: seeded.classroom.joinCode, displayName: seeded.students[0]!.displayName, password: SEED_PASSWORD });
      if (!signIn.body.ok) throw new Error(`sign-in failed: ${JSON.stringify(signIn.body)}`);

      const rng = createRng(11);
      const ids = seeded.runIds;
      const randomId = () => ids[rng.int(ids.length)]!;
      const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
      const listQueries: Record<string, string> = {
        newest: "",
        "cell+sort-loss+page5": "?cell=LSTM&sort=finalTrainLoss&dir=asc&page=5",
        "dates+sort-score": `?from=${day(14)}&to=${day(0)}&sort=verifiedScore&dir=asc`,
        "search+sort-speed": "?q=adam&sort=msPerEpoch&dir=desc&page=2",
        "classroom+score-range": `?classroomId=${seeded.classroom.id}&minScore=0.1&maxScore=0.3&sort=startedAt&dir=asc&pageSize=50`,
      };
      const variants = Object.values(listQueries);
      const ops: Record<string, (i: number) => string> = {
        session: () => "/api/session",
        list: (i) => `/api/history${variants[i % variants.length]}`,
        ...(process.env.BENCH_LIST_VARIANTS ? Object.fromEntries(Object.entries(listQueries).map(([name, q]) => [`list:${name}`, () => `/api/history${q}`])) : {}),
        run: () => `/api/runs/${randomId()}`,
        compare: () => `/api/history/compare?ids=${Array.from({ length: 10 }, randomId).join(",")}`,
      };
      for (const [op, path] of Object.entries(ops)) {
        // Warm-up: statement caches, page cache, JIT.
        currentOp = "";
        for (let i = 0; i < 20; i++) await client.get(path(i));
        currentOp = op;
        samples.set(op, []);
        for (let i = 0; i < iterations; i++) {
          const response = await client.get(path(i));
          if (response.status !== 200) throw new Error(`${op} ${path(i)} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        currentOp = "";
        const sorted = [...samples.get(op)!].sort((a, b) => a - b);
        const p99 = percentile(sorted, 99);
        emit({
          bench: "history",
          db: target.name,
          op,
          runs,
          n: sorted.length,
          p50Ms: round(percentile(sorted, 50)),
          p99Ms: round(p99),
          meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
          ...(op === "session" ? { baseline: true } : { goalP99Ms: GOAL_P99_MS, meetsGoal: p99 < GOAL_P99_MS }),
        });
      }
    } finally {
      await handle.close();
    }
  } finally {
    await database.close();
    await testDb.drop();
  }
}
