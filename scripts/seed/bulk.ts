/**
 * Bulk inserts for seeding: thousands of runs through `createMany` in batches, in the exact row shape the
 * RunRepository writes (column copies of the config, 50-epoch curve chunks as the Playground sends them, float32
 * rollouts). The repositories write one run at a time, which is right for the app and far too slow to fill a
 * benchmark database with 10,000 runs.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { encodeCurve, encodeFloats } from "@/lib/runs/curve";
import { configColumns } from "@/lib/runs/config-columns";
import { PrismaClient as PostgresPrismaClient } from "@/server/persistence/generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "@/server/persistence/generated/sqlite/client";
import { providerOf, sqlitePath } from "@/server/persistence/database";
import type { Prisma } from "@/server/persistence/prisma/client";
import type { SyntheticRun } from "./synthetic";

/** The Playground's batch size: chunks in the seeded database look like recorded ones. */
const CHUNK_EPOCHS = 50;
const INSERT_BATCH = 250;

export interface BulkConnection {
  prisma: Prisma;
  close(): Promise<void>;
}

/** A Prisma client on an already migrated database (open it with openDatabase first). */
export function connectBulk(url: string): BulkConnection {
  if (providerOf(url) === "postgresql") {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    // As in openDatabase: an idle client ended by the server is dropped from the pool, not a crash.
    pool.on("error", () => undefined);
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Prisma;
    return {
      prisma,
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const prisma = new SqlitePrismaClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(url), timeout: 5000 }) });
  return { prisma, close: () => prisma.$disconnect() };
}

export interface SeededRun {
  id: string;
  userId: string;
  classroomId: string | null;
  raceId: string | null;
  startedAt: Date;
  run: SyntheticRun;
  verifiedScore: number | null;
  tags: string[];
  note: string | null;
}

export async function insertRuns(prisma: Prisma, runs: readonly SeededRun[]): Promise<void> {
  for (let i = 0; i < runs.length; i += INSERT_BATCH) {
    const batch = runs.slice(i, i + INSERT_BATCH);
    await prisma.$transaction(async (tx) => {
      await tx.run.createMany({
        data: batch.map(({ id, userId, classroomId, raceId, startedAt, run, verifiedScore, note }) => ({
          id,
          userId,
          classroomId,
          raceId,
          kind: raceId ? "race" : "playground",
          configJson: JSON.stringify(run.config),
          ...configColumns(run.config),
          status: run.status,
          startedAt,
          finishedAt: new Date(startedAt.getTime() + run.durationMs),
          lastEpoch: run.curve.at(-1)?.epoch ?? 0,
          finalTrainLoss: run.finalTrainLoss,
          finalValLoss: run.finalValLoss,
          msPerEpoch: run.msPerEpoch,
          backend: run.backend,
          verifiedScore,
          claimedLoss: run.finalValLoss ?? run.finalTrainLoss,
          note,
        })),
      });
      const chunks = batch.flatMap(({ id, run }) => {
        const out = [];
        for (let at = 0; at < run.curve.length; at += CHUNK_EPOCHS) {
          const points = run.curve.slice(at, at + CHUNK_EPOCHS);
          out.push({ runId: id, startEpoch: points[0]!.epoch, epochCount: points.length, data: encodeCurve(points) });
        }
        return out;
      });
      for (let c = 0; c < chunks.length; c += 2000) await tx.runCurveChunk.createMany({ data: chunks.slice(c, c + 2000) });
      const rollouts = batch.flatMap(({ id, run }) => run.rollouts.map((r) => ({ runId: id, epoch: r.epoch, mse: r.mse, predicted: encodeFloats(r.predicted) })));
      for (let c = 0; c < rollouts.length; c += 2000) await tx.runRollout.createMany({ data: rollouts.slice(c, c + 2000) });
      const tags = batch.flatMap(({ id, tags }) => tags.map((tag) => ({ runId: id, tag })));
      if (tags.length) await tx.runTag.createMany({ data: tags });
      // A race run's verified score is its verified submission's (the race's standings are computed from those);
      // the seeded weights are placeholders, never scored again.
      const submissions = batch.flatMap(({ id, userId, raceId, startedAt, run, verifiedScore }) =>
        raceId && verifiedScore !== null
          ? [
              {
                id: `${id}-s`,
                raceId,
                runId: id,
                userId,
                createdAt: new Date(startedAt.getTime() + run.durationMs),
                weights: new Uint8Array(4),
                claimedMse: run.finalValLoss ?? run.finalTrainLoss,
                publicScore: verifiedScore,
                privateScore: verifiedScore,
                rolloutScore: verifiedScore,
              },
            ]
          : [],
      );
      if (submissions.length) await tx.submission.createMany({ data: submissions });
    });
  }
}
