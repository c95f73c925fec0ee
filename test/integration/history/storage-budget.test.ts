/**
 * The storage budget: a 1000-epoch LSTM Playground run, recorded the way the page records it (50-epoch batches,
 * a rollout picture every 100 epochs, then finished), costs at most 64 KB of database space without its weights,
 * on SQLite and on PostgreSQL. Measured as the growth of the run tables and their indexes over several runs
 * (allocated pages, not payload bytes), divided by the number of runs.
 */
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOverrides } from "@/lib/ml/config";
import { openDatabase, sqlitePath, type Database } from "@/server/persistence/database";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { aRun, aTeacher } from "../../support/records";
import { requireService } from "../../support/services";

const postgres = await requireService("postgresql");

const BUDGET_BYTES = 64 * 1024;
const RUNS = 12;
const EPOCHS = 1000;
const BATCH = 50;
const RUN_TABLES = ["Run", "RunCurveChunk", "RunRollout", "RunTag"];

const config = withOverrides({ model: { cell: "LSTM", hidden: 64 }, epochs: EPOCHS, validationFraction: 0.2 });

async function recordRun(db: Database, userId: string): Promise<void> {
  const run = aRun(userId, { config, backend: "wasm/fused", device: "Chromebook" });
  await db.repositories.runs.create(run);
  const rolloutLength = config.dataset.length - config.window;
  for (let from = 1; from <= EPOCHS; from += BATCH) {
    const points = [];
    for (let epoch = from; epoch < from + BATCH; epoch++) {
      // Realistic values (not zeros or repeats that a storage engine could compress away).
      points.push({ epoch, trainLoss: 0.02 + Math.exp(-epoch / 150) * Math.random(), valLoss: 0.03 + Math.exp(-epoch / 170) * Math.random(), msPerEpoch: 20 + Math.random() * 5, tMs: epoch * 23 + Math.floor(Math.random() * 10) });
    }
    await db.repositories.runs.appendCurve(run.id, points);
    if ((from + BATCH - 1) % 100 === 0) {
      await db.repositories.runs.addRollout(run.id, { epoch: from + BATCH - 1, mse: Math.random(), predicted: Array.from({ length: rolloutLength }, () => Math.random() * 2 - 1) });
    }
  }
  await db.repositories.runs.finish(run.id, { status: "finished", finishedAt: new Date(), finalTrainLoss: 0.021, finalValLoss: 0.032, msPerEpoch: 22.5, backend: "wasm/fused" });
}

const targets = [
  {
    name: "sqlite",
    skip: false,
    create: async () => createSqliteDatabase(),
    async size(url: string): Promise<number> {
      const raw = new BetterSqlite3(sqlitePath(url), { readonly: true });
      try {
        const names = raw
          .prepare(`SELECT name FROM sqlite_master WHERE tbl_name IN (${RUN_TABLES.map(() => "?").join(",")})`)
          .all(...RUN_TABLES) as { name: string }[];
        const row = raw.prepare(`SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name IN (${names.map(() => "?").join(",")})`).get(...names.map((n) => n.name)) as { bytes: number };
        return row.bytes;
      } finally {
        raw.close();
      }
    },
  },
  {
    name: "postgresql",
    skip: !postgres.available,
    create: createPostgresDatabase,
    async size(url: string): Promise<number> {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // Tables, their TOAST and every index.
        const result = await client.query<{ bytes: string }>(
          `SELECT SUM(pg_total_relation_size(format('%I', t)::regclass))::bigint AS bytes FROM unnest($1::text[]) AS t`,
          [RUN_TABLES],
        );
        return Number(result.rows[0]!.bytes);
      } finally {
        await client.end();
      }
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`storage of a 1000-epoch LSTM run on ${target.name}`, () => {
    let testDb: TestDatabase;
    let db: Database;

    beforeAll(async () => {
      testDb = await target.create();
      db = await openDatabase(testDb.url);
    });
    afterAll(async () => {
      await db?.close();
      await testDb?.drop();
    });

    it(`costs at most ${BUDGET_BYTES / 1024} KB without weights`, async () => {
      const user = aTeacher();
      await db.repositories.users.createTeacher(user);
      // One run first, so the measurement is of steady growth, not of the tables' first pages.
      await recordRun(db, user.id);
      const before = await target.size(testDb.url);
      for (let i = 0; i < RUNS; i++) await recordRun(db, user.id);
      const after = await target.size(testDb.url);
      const perRun = (after - before) / RUNS;
      console.info(`[storage] ${target.name}: ${(perRun / 1024).toFixed(1)} KB per 1000-epoch LSTM run (curve 16 B/epoch = 15.6 KB)`);
      expect(perRun).toBeGreaterThan(16_000); // the curve alone is 16,000 bytes: the measurement sees it
      expect(perRun).toBeLessThanOrEqual(BUDGET_BYTES);
    });
  });
}
