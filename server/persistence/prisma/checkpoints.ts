import type { CheckpointRecord } from "../records";
import type { CheckpointRepository } from "../repositories";
import type { Prisma } from "./client";

const oldestFirst = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export class PrismaCheckpointRepository implements CheckpointRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(checkpoint: CheckpointRecord): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.checkpoint.create({ data: checkpoint });
      // The run keeps its latest checkpoint: one scored later on another process may be stored first.
      await tx.run.updateMany({
        where: { id: checkpoint.runId, OR: [{ checkpointAt: null }, { checkpointAt: { lt: checkpoint.createdAt } }] },
        data: { checkpointScore: checkpoint.publicScore, checkpointAt: checkpoint.createdAt, checkpointEpoch: checkpoint.epoch },
      });
    });
  }

  listForRace(raceId: string): Promise<CheckpointRecord[]> {
    return this.prisma.checkpoint.findMany({ where: { raceId }, orderBy: oldestFirst });
  }
}
