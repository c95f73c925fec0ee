import type { PasswordResetRecord } from "../records";
import type { PasswordResetRepository, ResetRedemption } from "../repositories";
import type { Prisma } from "./client";
import { toUser } from "./mappers";

export class PrismaPasswordResetRepository implements PasswordResetRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(reset: PasswordResetRecord): Promise<void> {
    await this.prisma.passwordReset.create({ data: reset });
  }

  async find(idHash: string): Promise<PasswordResetRecord | null> {
    const row = await this.prisma.passwordReset.findUnique({ where: { idHash } });
    return row && { idHash: row.idHash, userId: row.userId, createdAt: row.createdAt, expiresAt: row.expiresAt, usedAt: row.usedAt };
  }

  async redeem(idHash: string, passwordHash: string, at: Date): Promise<ResetRedemption> {
    return this.prisma.$transaction(async (tx) => {
      // The conditional update claims the link: of two simultaneous redemptions only one matches it.
      const { count } = await tx.passwordReset.updateMany({ where: { idHash, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at } });
      if (count === 0) {
        const row = await tx.passwordReset.findUnique({ where: { idHash } });
        return { outcome: !row ? "unknown" : row.usedAt ? "used" : "expired" };
      }
      const { userId } = await tx.passwordReset.findUniqueOrThrow({ where: { idHash }, select: { userId: true } });
      // Any other link sent before this one is spent too: one reset closes every open door.
      await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: at } });
      const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangeRequired: false } });
      await tx.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: at } });
      return { outcome: "ok", user: toUser(user) };
    });
  }

  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.prisma.passwordReset.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
