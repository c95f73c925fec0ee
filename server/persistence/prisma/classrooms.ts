import type { ClassroomListing, ClassroomRecord, MembershipRecord } from "../records";
import type { ClassroomRepository, CodeLookup } from "../repositories";
import type { Prisma } from "./client";
import { toClassroom, toMembership, withCurrentCode } from "./mappers";

export class PrismaClassroomRepository implements ClassroomRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(classroom: ClassroomRecord, owner: MembershipRecord): Promise<void> {
    const { joinCode, ...row } = classroom;
    await this.prisma.$transaction(async (tx) => {
      await tx.classroom.create({ data: row });
      await tx.joinCode.create({ data: { code: joinCode, classroomId: classroom.id, createdAt: classroom.createdAt } });
      await tx.membership.create({ data: owner });
    });
  }

  async findById(id: string): Promise<ClassroomRecord | null> {
    const row = await this.prisma.classroom.findUnique({ where: { id }, include: withCurrentCode });
    return row && toClassroom(row);
  }

  async findByCode(code: string): Promise<CodeLookup> {
    const row = await this.prisma.joinCode.findUnique({
      where: { code },
      include: { classroom: { include: withCurrentCode } },
    });
    return row && { classroom: toClassroom(row.classroom), retired: row.retiredAt !== null };
  }

  async listForUser(userId: string): Promise<ClassroomListing[]> {
    const rows = await this.prisma.membership.findMany({
      where: { userId },
      include: {
        classroom: {
          include: { ...withCurrentCode, _count: { select: { memberships: { where: { role: "student" } } } } },
        },
      },
      orderBy: { joinedAt: "desc" },
    });
    return rows.map((row) => ({
      classroom: toClassroom(row.classroom),
      role: toMembership(row).role,
      studentCount: row.classroom._count.memberships,
    }));
  }

  async setLocked(id: string, locked: boolean): Promise<ClassroomRecord | null> {
    const { count } = await this.prisma.classroom.updateMany({ where: { id }, data: { locked } });
    return count === 0 ? null : this.findById(id);
  }

  async setArchivedAt(id: string, archivedAt: Date | null): Promise<ClassroomRecord | null> {
    const { count } = await this.prisma.classroom.updateMany({ where: { id }, data: { archivedAt } });
    return count === 0 ? null : this.findById(id);
  }

  async rotateCode(id: string, newCode: string, at: Date): Promise<ClassroomRecord | null> {
    const found = await this.prisma.$transaction(async (tx) => {
      const exists = await tx.classroom.count({ where: { id } });
      if (exists === 0) return false;
      await tx.joinCode.updateMany({ where: { classroomId: id, retiredAt: null }, data: { retiredAt: at } });
      await tx.joinCode.create({ data: { code: newCode, classroomId: id, createdAt: at } });
      return true;
    });
    return found ? this.findById(id) : null;
  }
}
