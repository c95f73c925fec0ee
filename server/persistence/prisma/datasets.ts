import type { Scaling } from "@/lib/data/scaling";
import type { DatasetRecord, DatasetSummaryRecord } from "../records";
import type { DatasetDeletion, DatasetRepository } from "../repositories";
import type { Prisma } from "./client";

/** Float64 little-endian, whatever the machine's byte order, so a database moves between machines unchanged. */
function encodeValues(values: Float64Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return bytes;
}

function decodeValues(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

const SUMMARY = {
  id: true,
  ownerId: true,
  classroomId: true,
  name: true,
  length: true,
  valueColumn: true,
  timeColumn: true,
  scaling: true,
  fileName: true,
  createdAt: true,
} as const;

interface SummaryRow {
  id: string;
  ownerId: string;
  classroomId: string | null;
  name: string;
  length: number;
  valueColumn: string | null;
  timeColumn: string | null;
  scaling: string;
  fileName: string | null;
  createdAt: Date;
}

function toSummary(row: SummaryRow): DatasetSummaryRecord {
  return { ...row, scaling: row.scaling as Scaling };
}

const newestFirst = [{ createdAt: "desc" as const }, { id: "asc" as const }];

export class PrismaDatasetRepository implements DatasetRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(dataset: DatasetRecord, limit: number): Promise<"ok" | "limit_reached"> {
    const { values, times, ...rest } = dataset;
    return this.prisma.$transaction(async (tx) => {
      // A no-op write to the library's row (the classroom, or the owner for private data) takes its row lock
      // (PostgreSQL) or the write lock (SQLite) before counting: two uploads cannot both see room for one more.
      if (dataset.classroomId === null) {
        await tx.$executeRaw`UPDATE "User" SET "kind" = "kind" WHERE "id" = ${dataset.ownerId}`;
      } else {
        await tx.$executeRaw`UPDATE "Classroom" SET "locked" = "locked" WHERE "id" = ${dataset.classroomId}`;
      }
      const held = await tx.dataset.count({
        where: dataset.classroomId === null ? { ownerId: dataset.ownerId, classroomId: null } : { classroomId: dataset.classroomId },
      });
      if (held >= limit) return "limit_reached" as const;
      await tx.dataset.create({
        data: { ...rest, values: encodeValues(values), length: values.length, timesJson: times === null ? null : JSON.stringify(times) },
      });
      return "ok" as const;
    });
  }

  async findById(id: string): Promise<DatasetRecord | null> {
    const row = await this.prisma.dataset.findUnique({ where: { id } });
    if (!row) return null;
    const { ownerId, classroomId, name, valueColumn, timeColumn, fileName, createdAt } = row;
    return {
      id,
      ownerId,
      classroomId,
      name,
      values: decodeValues(row.values),
      times: row.timesJson === null ? null : (JSON.parse(row.timesJson) as string[]),
      valueColumn,
      timeColumn,
      scaling: row.scaling as Scaling,
      fileName,
      createdAt,
    };
  }

  async listForClassroom(classroomId: string): Promise<DatasetSummaryRecord[]> {
    const rows = await this.prisma.dataset.findMany({ where: { classroomId }, select: SUMMARY, orderBy: newestFirst });
    return rows.map(toSummary);
  }

  async listPrivate(ownerId: string): Promise<DatasetSummaryRecord[]> {
    const rows = await this.prisma.dataset.findMany({ where: { ownerId, classroomId: null }, select: SUMMARY, orderBy: newestFirst });
    return rows.map(toSummary);
  }

  async delete(id: string): Promise<DatasetDeletion> {
    return this.prisma.$transaction(async (tx) => {
      const [runs, races] = await Promise.all([tx.run.count({ where: { datasetId: id } }), tx.race.count({ where: { datasetId: id } })]);
      if (runs + races > 0) return (await tx.dataset.count({ where: { id } })) > 0 ? ("in_use" as const) : ("missing" as const);
      const { count } = await tx.dataset.deleteMany({ where: { id } });
      return count > 0 ? ("deleted" as const) : ("missing" as const);
    });
  }
}
