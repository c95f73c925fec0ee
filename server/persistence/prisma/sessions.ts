import type { SessionRecord, UserRecord } from "../records";
import type { SessionRepository } from "../repositories";
import type { Prisma } from "./client";
import { toSession, toUser } from "./mappers";

export class PrismaSessionRepository implements SessionRepository {
  constructor(private readonly prisma: Prisma) {}

  async create(session: SessionRecord): Promise<void> {
    await this.prisma.session.create({ data: session });
  }

  async findWithUser(idHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const row = await this.prisma.session.findUnique({ where: { idHash }, include: { user: true } });
    return row && { session: toSession(row), user: toUser(row.user) };
  }

  async renew(idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.prisma.session.updateMany({ where: { idHash, revokedAt: null }, data: { lastSeenAt, expiresAt } });
  }

  async revoke(idHash: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.session.updateMany({ where: { idHash, revokedAt: null }, data: { revokedAt: at } });
    return count === 1;
  }

  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
