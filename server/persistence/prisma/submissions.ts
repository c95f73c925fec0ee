import type { SubmissionRecord } from "../records";
import type { NewSubmission, SubmissionRepository } from "../repositories";
import type { Prisma } from "./client";

const FIELDS = {
  id: true,
  raceId: true,
  runId: true,
  userId: true,
  createdAt: true,
  claimedMse: true,
  publicScore: true,
  privateScore: true,
  rolloutScore: true,
  paramsHash: true,
} as const;

const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export class PrismaSubmissionRepository implements SubmissionRepository {
  constructor(private readonly prisma: Prisma) {}

  async create({ submission, weights, limit, runScore }: NewSubmission): Promise<{ outcome: "ok" | "limit_reached" | "revealed"; count: number }> {
    return this.prisma.$transaction(async (tx) => {
      // A no-op write to the race row takes its row lock (PostgreSQL) or the write lock (SQLite) first, so two
      // uploads of one student cannot both count the submissions before either is inserted.
      await tx.$executeRaw`UPDATE "Race" SET "hiddenSeed" = "hiddenSeed" WHERE "id" = ${submission.raceId}`;
      const made = await tx.submission.count({ where: { raceId: submission.raceId, userId: submission.userId } });
      // The upload was checked against the race before it was scored; the reveal may have happened since.
      const race = await tx.race.findUnique({ where: { id: submission.raceId }, select: { revealedAt: true } });
      if (race?.revealedAt) return { outcome: "revealed" as const, count: made };
      if (made >= limit) return { outcome: "limit_reached" as const, count: made };
      await tx.submission.create({ data: { ...submission, weights: Buffer.from(weights) } });
      const ofRun = await tx.submission.findMany({ where: { runId: submission.runId }, select: FIELDS, orderBy: oldestFirst });
      await tx.run.update({ where: { id: submission.runId }, data: { verifiedScore: runScore(ofRun) } });
      return { outcome: "ok" as const, count: made + 1 };
    });
  }

  listForRace(raceId: string): Promise<SubmissionRecord[]> {
    return this.prisma.submission.findMany({ where: { raceId }, select: FIELDS, orderBy: oldestFirst });
  }

  countForUser(raceId: string, userId: string): Promise<number> {
    return this.prisma.submission.count({ where: { raceId, userId } });
  }

  async readWeights(id: string): Promise<Uint8Array | null> {
    const row = await this.prisma.submission.findUnique({ where: { id }, select: { weights: true } });
    return row && new Uint8Array(row.weights);
  }
}
