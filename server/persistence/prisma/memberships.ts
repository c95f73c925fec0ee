import type { MembershipRecord, UserRecord } from "../records";
import type { AddMemberOutcome, MembershipRepository } from "../repositories";
import { isUniqueViolation, type Prisma, type PrismaTx } from "./client";
import { toMembership, toUser } from "./mappers";

export class PrismaMembershipRepository implements MembershipRepository {
  constructor(private readonly prisma: Prisma) {}

  async find(classroomId: string, userId: string): Promise<MembershipRecord | null> {
    const row = await this.prisma.membership.findUnique({ where: { classroomId_userId: { classroomId, userId } } });
    return row && toMembership(row);
  }

  async findByNameKey(classroomId: string, displayNameKey: string) {
    const row = await this.prisma.membership.findUnique({
      where: { classroomId_displayNameKey: { classroomId, displayNameKey } },
      include: { user: true },
    });
    return row && { membership: toMembership(row), user: toUser(row.user) };
  }

  async list(classroomId: string): Promise<MembershipRecord[]> {
    const rows = await this.prisma.membership.findMany({
      where: { classroomId },
      orderBy: [{ role: "asc" }, { joinedAt: "asc" }, { displayNameKey: "asc" }],
    });
    // "student" < "teacher" alphabetically; the roster wants teachers first.
    const members = rows.map(toMembership);
    return [...members.filter((m) => m.role === "teacher"), ...members.filter((m) => m.role === "student")];
  }

  add(membership: MembershipRecord): Promise<AddMemberOutcome> {
    return this.insert(membership, async (tx) => {
      await tx.membership.create({ data: membership });
    });
  }

  addWithNewStudent(user: UserRecord, membership: MembershipRecord): Promise<AddMemberOutcome> {
    return this.insert(membership, async (tx) => {
      await tx.user.create({ data: user });
      await tx.membership.create({ data: membership });
    });
  }

  async remove(classroomId: string, userId: string): Promise<boolean> {
    const { count } = await this.prisma.membership.deleteMany({ where: { classroomId, userId } });
    return count === 1;
  }

  /**
   * Runs `write` in a transaction and turns a unique violation into the reason. Checking first would race with
   * a concurrent join, so the database constraint decides and we only look afterwards at which one it was.
   */
  private async insert(membership: MembershipRecord, write: (tx: PrismaTx) => Promise<void>): Promise<AddMemberOutcome> {
    try {
      await this.prisma.$transaction(write);
      return "ok";
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.find(membership.classroomId, membership.userId);
      return existing ? "already_member" : "name_taken";
    }
  }
}
