/** Account recovery's storage contract (password changes, reset links), on SQLite and PostgreSQL. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/persistence/database";
import type { PasswordResetRecord } from "@/server/persistence/records";
import type { Repositories } from "@/server/persistence/repositories";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { aSession, aTeacher, storedClassroomWithStudent, T0 } from "../../support/records";

const HOUR_MS = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

function aReset(userId: string, overrides: Partial<PasswordResetRecord> = {}): PasswordResetRecord {
  return { idHash: randomUUID(), userId, createdAt: T0, expiresAt: at(HOUR_MS), usedAt: null, ...overrides };
}

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`account recovery storage on ${target.name}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let repos: Repositories;

    beforeAll(async () => {
      testDb = await target.create();
      db = await openDatabase(testDb.url);
      repos = db.repositories;
    });
    afterAll(async () => {
      await db?.close();
      await testDb?.drop();
    });

    const revokedAt = async (idHash: string) => (await repos.sessions.findWithUser(idHash))!.session.revokedAt;

    it("sets a password, requires a change, and revokes every active session", async () => {
      const { student } = await storedClassroomWithStudent(repos);
      const sessions = [aSession(student.id), aSession(student.id), aSession(student.id, { revokedAt: at(5) })];
      for (const s of sessions) await repos.sessions.create(s);
      expect(await repos.users.setPassword(student.id, { passwordHash: "scrypt$one-time", changeRequired: true, at: at(60_000), keepSession: null })).toBe(true);
      expect(await repos.users.findById(student.id)).toMatchObject({ passwordHash: "scrypt$one-time", passwordChangeRequired: true });
      expect(await revokedAt(sessions[0]!.idHash)).toEqual(at(60_000));
      expect(await revokedAt(sessions[1]!.idHash)).toEqual(at(60_000));
      // An already revoked session keeps its own time.
      expect(await revokedAt(sessions[2]!.idHash)).toEqual(at(5));
    });

    it("keeps the session that chose the new password and clears the required change", async () => {
      const { student } = await storedClassroomWithStudent(repos);
      await repos.users.setPassword(student.id, { passwordHash: "scrypt$one-time", changeRequired: true, at: at(1), keepSession: null });
      const [mine, other] = [aSession(student.id), aSession(student.id)];
      await repos.sessions.create(mine);
      await repos.sessions.create(other);
      expect(await repos.users.setPassword(student.id, { passwordHash: "scrypt$own", changeRequired: false, at: at(2), keepSession: mine.idHash })).toBe(true);
      expect(await repos.users.findById(student.id)).toMatchObject({ passwordHash: "scrypt$own", passwordChangeRequired: false });
      expect(await revokedAt(mine.idHash)).toBeNull();
      expect(await revokedAt(other.idHash)).toEqual(at(2));
    });

    it("changes nothing for an unknown user", async () => {
      const { student } = await storedClassroomWithStudent(repos);
      const session = aSession(student.id);
      await repos.sessions.create(session);
      expect(await repos.users.setPassword("no-such-user", { passwordHash: "x", changeRequired: true, at: at(1), keepSession: null })).toBe(false);
      expect(await revokedAt(session.idHash)).toBeNull();
    });

    it("redeems a link once: new password, every open link spent, every session revoked", async () => {
      const teacher = aTeacher();
      await repos.users.createTeacher(teacher);
      await repos.users.setPassword(teacher.id, { passwordHash: teacher.passwordHash, changeRequired: true, at: at(0), keepSession: null });
      const [link, older, otherTeachers] = [aReset(teacher.id), aReset(teacher.id), aReset(randomUUID())];
      const otherTeacher = aTeacher({ id: otherTeachers.userId });
      await repos.users.createTeacher(otherTeacher);
      for (const r of [link, older, otherTeachers]) await repos.passwordResets.create(r);
      expect(await repos.passwordResets.find(link.idHash)).toEqual(link);
      const session = aSession(teacher.id);
      await repos.sessions.create(session);

      const redeemed = await repos.passwordResets.redeem(link.idHash, "scrypt$new", at(10 * 60_000));
      expect(redeemed).toMatchObject({ outcome: "ok", user: { id: teacher.id, passwordHash: "scrypt$new", passwordChangeRequired: false } });
      expect(await repos.users.findById(teacher.id)).toMatchObject({ passwordHash: "scrypt$new" });
      expect(await revokedAt(session.idHash)).toEqual(at(10 * 60_000));
      expect((await repos.passwordResets.find(link.idHash))!.usedAt).toEqual(at(10 * 60_000));
      expect((await repos.passwordResets.find(older.idHash))!.usedAt).toEqual(at(10 * 60_000));
      expect((await repos.passwordResets.find(otherTeachers.idHash))!.usedAt).toBeNull();

      expect(await repos.passwordResets.redeem(link.idHash, "scrypt$again", at(11 * 60_000))).toEqual({ outcome: "used" });
      expect(await repos.passwordResets.redeem(older.idHash, "scrypt$again", at(11 * 60_000))).toEqual({ outcome: "used" });
      expect(await repos.users.findById(teacher.id)).toMatchObject({ passwordHash: "scrypt$new" });
    });

    it("refuses an expired or unknown link and changes nothing", async () => {
      const teacher = aTeacher();
      await repos.users.createTeacher(teacher);
      const link = aReset(teacher.id);
      await repos.passwordResets.create(link);
      const session = aSession(teacher.id);
      await repos.sessions.create(session);
      expect(await repos.passwordResets.redeem(link.idHash, "scrypt$late", at(HOUR_MS))).toEqual({ outcome: "expired" });
      expect(await repos.passwordResets.redeem("no-such-link", "scrypt$late", at(1))).toEqual({ outcome: "unknown" });
      expect(await repos.users.findById(teacher.id)).toMatchObject({ passwordHash: teacher.passwordHash });
      expect(await revokedAt(session.idHash)).toBeNull();
      expect((await repos.passwordResets.find(link.idHash))!.usedAt).toBeNull();
    });

    it("lets exactly one of two simultaneous redemptions through", async () => {
      const teacher = aTeacher();
      await repos.users.createTeacher(teacher);
      const link = aReset(teacher.id);
      await repos.passwordResets.create(link);
      const outcomes = await Promise.all(["scrypt$a", "scrypt$b"].map((hash) => repos.passwordResets.redeem(link.idHash, hash, at(1000))));
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["ok", "used"]);
      const winner = outcomes.find((o) => o.outcome === "ok") as { user: { passwordHash: string } };
      expect(await repos.users.findById(teacher.id)).toMatchObject({ passwordHash: winner.user.passwordHash });
    });

    it("forgets expired links only", async () => {
      const teacher = aTeacher();
      await repos.users.createTeacher(teacher);
      const [stale, fresh] = [aReset(teacher.id, { expiresAt: at(-1) }), aReset(teacher.id, { expiresAt: at(HOUR_MS) })];
      await repos.passwordResets.create(stale);
      await repos.passwordResets.create(fresh);
      expect(await repos.passwordResets.deleteExpired(at(0))).toBeGreaterThanOrEqual(1);
      expect(await repos.passwordResets.find(stale.idHash)).toBeNull();
      expect(await repos.passwordResets.find(fresh.idHash)).toEqual(fresh);
    });
  });
}
