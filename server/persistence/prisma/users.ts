import type { Locale } from "@/lib/i18n/locales";
import type { UserRecord } from "../records";
import type { PasswordChange, UserRepository } from "../repositories";
import { isUniqueViolation, type Prisma } from "./client";
import { toUser } from "./mappers";

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: Prisma) {}

  async createTeacher(user: UserRecord): Promise<"ok" | "email_taken"> {
    try {
      await this.prisma.user.create({ data: user });
      return "ok";
    } catch (error) {
      if (isUniqueViolation(error)) return "email_taken";
      throw error;
    }
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { id } });
    return row && toUser(row);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { email } });
    return row && toUser(row);
  }

  async setLocale(id: string, locale: Locale): Promise<boolean> {
    const { count } = await this.prisma.user.updateMany({ where: { id }, data: { locale } });
    return count === 1;
  }

  async setPassword(id: string, change: PasswordChange): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id },
        data: { passwordHash: change.passwordHash, passwordChangeRequired: change.changeRequired },
      });
      if (count === 0) return false;
      await tx.session.updateMany({
        where: { userId: id, revokedAt: null, ...(change.keepSession ? { idHash: { not: change.keepSession } } : {}) },
        data: { revokedAt: change.at },
      });
      return true;
    });
  }
}
