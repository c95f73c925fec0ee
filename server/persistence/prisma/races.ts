import { isUploadedDataset } from "@/lib/ml/config";
import { RaceRulesSchema, type RaceRules } from "@/lib/race/rules";
import type { RaceRecord, RaceStatus } from "../records";
import type { RaceRepository, RaceScheduleRow, RaceUpdate } from "../repositories";
import type { Prisma } from "./client";

interface RaceRow extends Omit<RaceRecord, "rules" | "status" | "kind"> {
  rulesJson: string;
  kind: string;
  status: string;
  datasetId: string | null;
}

function toRace(row: RaceRow): RaceRecord {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the dataset column copies the rules' (for "in use" checks)
  const { rulesJson, kind, status, datasetId, ...rest } = row;
  // Parsed on the way out too: a row written by an older version with other limits fails loudly here.
  return { ...rest, kind: kind === "homework" ? "homework" : "live", status: status as RaceStatus, rules: RaceRulesSchema.parse(JSON.parse(rulesJson)) };
}

/** The rules as stored, with the library dataset they name in its own column (a dataset in use is kept). */
function rulesColumns(rules: RaceRules) {
  const parsed = RaceRulesSchema.parse(rules);
  return { rulesJson: JSON.stringify(parsed), datasetId: isUploadedDataset(parsed.dataset) ? parsed.dataset.datasetId : null };
}

function toRow(changes: RaceUpdate) {
  const { rules, ...rest } = changes;
  return rules === undefined ? rest : { ...rest, ...rulesColumns(rules) };
}

export class PrismaRaceRepository implements RaceRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(race: RaceRecord): Promise<void> {
    const { rules, ...row } = race;
    await this.prisma.race.create({ data: { ...row, ...rulesColumns(rules) } });
  }

  async findById(id: string): Promise<RaceRecord | null> {
    const row = await this.prisma.race.findUnique({ where: { id } });
    return row && toRace(row);
  }

  async listForClassroom(classroomId: string): Promise<RaceRecord[]> {
    const rows = await this.prisma.race.findMany({ where: { classroomId }, orderBy: { createdAt: "desc" } });
    return rows.map(toRace);
  }

  async listActive(): Promise<RaceRecord[]> {
    const rows = await this.prisma.race.findMany({ where: { status: { not: "ended" } }, orderBy: { createdAt: "asc" } });
    return rows.map(toRace);
  }

  async update(id: string, changes: RaceUpdate): Promise<RaceRecord | null> {
    const { count } = await this.prisma.race.updateMany({ where: { id }, data: toRow(changes) });
    return count === 0 ? null : this.findById(id);
  }

  async transition(id: string, from: RaceScheduleRow, changes: RaceUpdate): Promise<RaceRecord | null> {
    const { count } = await this.prisma.race.updateMany({ where: { id, status: from.status, endsAt: from.endsAt, pausedAt: from.pausedAt }, data: toRow(changes) });
    return count === 0 ? null : this.findById(id);
  }
}
