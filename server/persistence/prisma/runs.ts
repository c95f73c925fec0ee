import { TrainingConfigSchema } from "@/lib/ml/config";
import { configColumns } from "@/lib/runs/config-columns";
import { decodeCurve, decodeFloats, encodeCurve, encodeFloats, extendCurve, type CurvePoint } from "@/lib/runs/curve";
import type { NewRunRecord, RolloutRecord, RunFinish, RunKind, RunRecord, RunStandingRecord, RunStatus } from "../records";
import type { AppendResult, RunRepository } from "../repositories";
import type { Prisma } from "./client";

interface RunRow extends Omit<RunRecord, "config" | "kind" | "status"> {
  configJson: string;
  kind: string;
  status: string;
}

export function toRun(row: RunRow): RunRecord {
  const {
    id, userId, classroomId, raceId, kind, configJson, status, startedAt, finishedAt, lastEpoch, finalTrainLoss,
    finalValLoss, msPerEpoch, backend, device, verifiedScore, claimedLoss, note, checkpointScore, checkpointAt, checkpointEpoch,
  } = row;
  return {
    id, userId, classroomId, raceId, kind: kind as RunKind, config: TrainingConfigSchema.parse(JSON.parse(configJson)),
    status: status as RunStatus, startedAt, finishedAt, lastEpoch, finalTrainLoss, finalValLoss, msPerEpoch, backend,
    device, verifiedScore, claimedLoss, note, checkpointScore, checkpointAt, checkpointEpoch,
  };
}

export class PrismaRunRepository implements RunRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(run: NewRunRecord): Promise<void> {
    await this.prisma.run.create({ data: newRunData(run) });
  }

  async createEnded(run: NewRunRecord, end: RunFinish, rollout: RolloutRecord, weights: Uint8Array): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.run.create({
        data: {
          ...newRunData(run),
          status: end.status,
          finishedAt: end.finishedAt,
          finalTrainLoss: end.finalTrainLoss,
          finalValLoss: end.finalValLoss,
          msPerEpoch: end.msPerEpoch,
          claimedLoss: end.claimedLoss ?? null,
          ...(end.backend !== undefined && { backend: end.backend }),
          ...(end.device !== undefined && { device: end.device }),
        },
      });
      await tx.runRollout.create({ data: { runId: run.id, epoch: rollout.epoch, mse: rollout.mse, predicted: encodeFloats(rollout.predicted) } });
      await tx.runWeights.create({ data: { runId: run.id, data: new Uint8Array(weights), createdAt: end.finishedAt } });
    });
  }

  async findById(id: string): Promise<RunRecord | null> {
    const row = await this.prisma.run.findUnique({ where: { id } });
    return row && toRun(row);
  }

  async listForRace(raceId: string): Promise<RunRecord[]> {
    const rows = await this.prisma.run.findMany({ where: { raceId }, orderBy: { startedAt: "asc" } });
    return rows.map(toRun);
  }
  standingsForRace(raceId: string): Promise<RunStandingRecord[]> {
    return this.prisma.run.findMany({
      where: { raceId },
      select: { id: true, userId: true, startedAt: true, finishedAt: true, claimedLoss: true, checkpointScore: true, checkpointAt: true, checkpointEpoch: true },
    });
  }


  async appendCurve(runId: string, points: readonly CurvePoint[]): Promise<AppendResult | null> {
    return this.prisma.$transaction(async (tx) => {
      const run = await tx.run.findUnique({ where: { id: runId }, select: { lastEpoch: true, msPerEpoch: true } });
      if (!run) return null;
      const { accepted, missingFrom } = extendCurve(points, run.lastEpoch);
      const last = accepted.at(-1);
      if (!last) return { lastEpoch: run.lastEpoch, stored: 0, missingFrom };
      await tx.runCurveChunk.create({
        data: { runId, startEpoch: accepted[0]!.epoch, epochCount: accepted.length, data: encodeCurve(accepted) },
      });
      // The guard on lastEpoch makes a concurrent writer's overlapping batch fail instead of duplicating epochs.
      const { count } = await tx.run.updateMany({
        where: { id: runId, lastEpoch: run.lastEpoch },
        data: { lastEpoch: last.epoch, finalTrainLoss: last.trainLoss, finalValLoss: last.valLoss, msPerEpoch: meanMs(accepted, run.lastEpoch, run.msPerEpoch) },
      });
      if (count !== 1) throw new Error(`run ${runId} was extended concurrently`);
      return { lastEpoch: last.epoch, stored: accepted.length, missingFrom };
    });
  }

  async readCurve(runId: string): Promise<CurvePoint[]> {
    const chunks = await this.prisma.runCurveChunk.findMany({ where: { runId }, orderBy: { startEpoch: "asc" } });
    return chunks.flatMap((chunk) => decodeCurve(chunk.startEpoch, chunk.data));
  }

  async addRollout(runId: string, rollout: RolloutRecord): Promise<void> {
    const data = { mse: rollout.mse, predicted: encodeFloats(rollout.predicted) };
    await this.prisma.runRollout.upsert({
      where: { runId_epoch: { runId, epoch: rollout.epoch } },
      create: { runId, epoch: rollout.epoch, ...data },
      update: data,
    });
  }

  async readRollouts(runId: string): Promise<RolloutRecord[]> {
    const rows = await this.prisma.runRollout.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    return rows.map((row) => ({ epoch: row.epoch, mse: row.mse, predicted: decodeFloats(row.predicted) }));
  }

  async finish(runId: string, finish: RunFinish): Promise<boolean> {
    const { count } = await this.prisma.run.updateMany({
      where: { id: runId, status: "running" },
      data: {
        status: finish.status,
        finishedAt: finish.finishedAt,
        finalTrainLoss: finish.finalTrainLoss,
        finalValLoss: finish.finalValLoss,
        msPerEpoch: finish.msPerEpoch,
        ...(finish.claimedLoss !== undefined && { claimedLoss: finish.claimedLoss }),
        ...(finish.backend !== undefined && { backend: finish.backend }),
        ...(finish.device !== undefined && { device: finish.device }),
      },
    });
    return count === 1;
  }

  async saveWeights(runId: string, weights: Uint8Array, at: Date): Promise<void> {
    const data = new Uint8Array(weights);
    await this.prisma.runWeights.upsert({
      where: { runId },
      create: { runId, data, createdAt: at },
      update: { data, createdAt: at },
    });
  }

  async readWeights(runId: string): Promise<Uint8Array | null> {
    const row = await this.prisma.runWeights.findUnique({ where: { runId } });
    return row ? new Uint8Array(row.data) : null;
  }

  async setVerifiedScore(runId: string, score: number | null): Promise<void> {
    await this.prisma.run.updateMany({ where: { id: runId }, data: { verifiedScore: score } });
  }
}

function newRunData(run: NewRunRecord) {
  const config = TrainingConfigSchema.parse(run.config);
  return {
    id: run.id,
    userId: run.userId,
    classroomId: run.classroomId,
    raceId: run.raceId,
    kind: run.kind,
    configJson: JSON.stringify(config),
    ...configColumns(config),
    status: "running",
    startedAt: run.startedAt,
    backend: run.backend ?? null,
    device: run.device ?? null,
  };
}

/** Running mean of ms/epoch over the stored epochs, updated with a new batch. */
function meanMs(batch: readonly CurvePoint[], storedBefore: number, meanBefore: number | null): number {
  const batchSum = batch.reduce((sum, p) => sum + p.msPerEpoch, 0);
  const before = meanBefore === null ? 0 : meanBefore * storedBefore;
  return (before + batchSum) / (storedBefore + batch.length);
}
