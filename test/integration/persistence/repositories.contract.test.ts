/**
 * One contract for every repository implementation: the same cases run against SQLite and PostgreSQL, through
 * openDatabase (so migrations are applied exactly as at start-up).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameKey } from "@/lib/auth/names";
import { openDatabase, type Database } from "@/server/persistence/database";
import type { Repositories } from "@/server/persistence/repositories";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";
import { aClassroom, aMembership, aRace, aRun, aSession, aStudent, aTeacher, curvePoints, storedClassroomWithStudent, T0, uniqueCode } from "../../support/records";

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`repositories on ${target.name}`, () => {
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

    it("reports its provider and answers a ping", async () => {
      expect(db.provider).toBe(target.name);
      expect(db.appliedMigrations.length).toBeGreaterThan(0);
      await expect(db.ping()).resolves.toBeUndefined();
    });

    describe("users", () => {
      it("creates a teacher and finds them by id and by e-mail", async () => {
        const teacher = aTeacher();
        expect(await repos.users.createTeacher(teacher)).toBe("ok");
        expect(await repos.users.findById(teacher.id)).toEqual(teacher);
        expect(await repos.users.findByEmail(teacher.email!)).toEqual(teacher);
      });

      it("refuses a second account with the same e-mail and keeps the first", async () => {
        const first = aTeacher();
        await repos.users.createTeacher(first);
        const second = aTeacher({ email: first.email });
        expect(await repos.users.createTeacher(second)).toBe("email_taken");
        expect(await repos.users.findById(second.id)).toBeNull();
        expect(await repos.users.findByEmail(first.email!)).toEqual(first);
      });

      it("answers null for unknown ids and addresses", async () => {
        expect(await repos.users.findById("nobody")).toBeNull();
        expect(await repos.users.findByEmail("nobody@school.example")).toBeNull();
      });

      it("remembers a user's language, only theirs, and reports an unknown user", async () => {
        const [teacher, other] = [aTeacher(), aTeacher()];
        await repos.users.createTeacher(teacher);
        await repos.users.createTeacher(other);
        expect(await repos.users.setLocale(teacher.id, "ja")).toBe(true);
        expect(await repos.users.findById(teacher.id)).toEqual({ ...teacher, locale: "ja" });
        expect(await repos.users.findByEmail(teacher.email!)).toMatchObject({ locale: "ja" });
        expect(await repos.users.findById(other.id)).toEqual(other);
        expect(await repos.users.setLocale("nobody", "en")).toBe(false);
      });
    });

    describe("sessions", () => {
      it("stores a session and returns it with its user", async () => {
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const session = aSession(teacher.id);
        await repos.sessions.create(session);
        expect(await repos.sessions.findWithUser(session.idHash)).toEqual({ session, user: teacher });
        expect(await repos.sessions.findWithUser("unknown")).toBeNull();
      });

      it("renews an active session, revokes it once, and never renews a revoked one", async () => {
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const session = aSession(teacher.id);
        await repos.sessions.create(session);

        const later = new Date(T0.getTime() + 3_600_000);
        const expiry = new Date(T0.getTime() + 10 * 86_400_000);
        await repos.sessions.renew(session.idHash, later, expiry);
        expect((await repos.sessions.findWithUser(session.idHash))!.session).toMatchObject({ lastSeenAt: later, expiresAt: expiry });

        expect(await repos.sessions.revoke(session.idHash, later)).toBe(true);
        expect(await repos.sessions.revoke(session.idHash, later)).toBe(false);
        await repos.sessions.renew(session.idHash, new Date(later.getTime() + 1), new Date(expiry.getTime() + 1));
        expect((await repos.sessions.findWithUser(session.idHash))!.session).toMatchObject({ revokedAt: later, expiresAt: expiry });
      });

      it("deletes only expired sessions", async () => {
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const expired = aSession(teacher.id, { expiresAt: new Date(T0.getTime() - 1) });
        const live = aSession(teacher.id, { expiresAt: new Date(T0.getTime() + 1) });
        await repos.sessions.create(expired);
        await repos.sessions.create(live);
        expect(await repos.sessions.deleteExpired(T0)).toBeGreaterThanOrEqual(1);
        expect(await repos.sessions.findWithUser(expired.idHash)).toBeNull();
        expect(await repos.sessions.findWithUser(live.idHash)).not.toBeNull();
      });

      it("enforces foreign keys: no session for a user that does not exist", async () => {
        await expect(repos.sessions.create(aSession("no-such-user"))).rejects.toThrow();
      });
    });

    describe("classrooms", () => {
      async function ownedClassroom() {
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const classroom = aClassroom(teacher.id);
        await repos.classrooms.create(classroom, aMembership(classroom.id, teacher));
        return { teacher, classroom };
      }

      it("creates a classroom with its code and the owner as teacher member", async () => {
        const { teacher, classroom } = await ownedClassroom();
        expect(await repos.classrooms.findById(classroom.id)).toEqual(classroom);
        expect(await repos.classrooms.findByCode(classroom.joinCode)).toEqual({ classroom, retired: false });
        expect(await repos.memberships.find(classroom.id, teacher.id)).toMatchObject({ role: "teacher" });
      });

      it("creates nothing when the code is already in use", async () => {
        const { classroom } = await ownedClassroom();
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const clash = aClassroom(teacher.id, { joinCode: classroom.joinCode });
        await expect(repos.classrooms.create(clash, aMembership(clash.id, teacher))).rejects.toThrow();
        expect(await repos.classrooms.findById(clash.id)).toBeNull();
        expect(await repos.memberships.find(clash.id, teacher.id)).toBeNull();
      });

      it("rotates the code: the old one is retired and still leads to the classroom", async () => {
        const { classroom } = await ownedClassroom();
        const newCode = uniqueCode();
        const rotated = await repos.classrooms.rotateCode(classroom.id, newCode, new Date(T0.getTime() + 1000));
        expect(rotated).toEqual({ ...classroom, joinCode: newCode });
        expect(await repos.classrooms.findByCode(newCode)).toEqual({ classroom: rotated, retired: false });
        expect(await repos.classrooms.findByCode(classroom.joinCode)).toEqual({ classroom: rotated, retired: true });
        expect(await repos.classrooms.rotateCode("missing", uniqueCode(), T0)).toBeNull();
      });

      it("locks, unlocks, archives and restores", async () => {
        const { classroom } = await ownedClassroom();
        expect(await repos.classrooms.setLocked(classroom.id, true)).toMatchObject({ locked: true });
        expect(await repos.classrooms.setLocked(classroom.id, false)).toMatchObject({ locked: false });
        const at = new Date(T0.getTime() + 5000);
        expect(await repos.classrooms.setArchivedAt(classroom.id, at)).toMatchObject({ archivedAt: at });
        expect(await repos.classrooms.setArchivedAt(classroom.id, null)).toMatchObject({ archivedAt: null });
        expect(await repos.classrooms.setLocked("missing", true)).toBeNull();
        expect(await repos.classrooms.setArchivedAt("missing", at)).toBeNull();
      });

      it("lists a user's classrooms with their role and student count", async () => {
        const { teacher, classroom } = await ownedClassroom();
        const student = aStudent();
        expect(await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student))).toBe("ok");
        const other = await ownedClassroom();
        expect(await repos.memberships.add(aMembership(other.classroom.id, student))).toBe("ok");

        expect(await repos.classrooms.listForUser(teacher.id)).toEqual([{ classroom, role: "teacher", studentCount: 1 }]);
        const forStudent = await repos.classrooms.listForUser(student.id);
        expect(forStudent.map((l) => [l.classroom.id, l.role]).sort()).toEqual(
          [
            [classroom.id, "student"],
            [other.classroom.id, "student"],
          ].sort(),
        );
        expect(await repos.classrooms.listForUser("nobody")).toEqual([]);
      });
    });

    describe("memberships", () => {
      async function room() {
        const teacher = aTeacher();
        await repos.users.createTeacher(teacher);
        const classroom = aClassroom(teacher.id);
        await repos.classrooms.create(classroom, aMembership(classroom.id, teacher));
        return { teacher, classroom };
      }

      it("adds a new student with their account, and finds them by folded name", async () => {
        const { classroom } = await room();
        const student = aStudent({ displayName: "Anna" });
        const membership = aMembership(classroom.id, student);
        expect(await repos.memberships.addWithNewStudent(student, membership)).toBe("ok");
        expect(await repos.users.findById(student.id)).toEqual(student);
        expect(await repos.memberships.findByNameKey(classroom.id, nameKey("ＡＮＮＡ"))).toEqual({ membership, user: student });
      });

      it("refuses a duplicate name (case-folded) and leaves no orphan account", async () => {
        const { classroom } = await room();
        const anna = aStudent({ displayName: "Anna" });
        await repos.memberships.addWithNewStudent(anna, aMembership(classroom.id, anna));
        const impostor = aStudent({ displayName: "ANNA" });
        expect(await repos.memberships.addWithNewStudent(impostor, aMembership(classroom.id, impostor))).toBe("name_taken");
        expect(await repos.users.findById(impostor.id)).toBeNull();
        expect((await repos.memberships.list(classroom.id)).map((m) => m.displayName)).not.toContain("ANNA");
      });

      it("tells an existing member from a name clash", async () => {
        const { classroom } = await room();
        const student = aStudent();
        await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student));
        expect(await repos.memberships.add(aMembership(classroom.id, student, { displayName: "Someone Else" }))).toBe(
          "already_member",
        );
      });

      it("lists teachers first, then students by join time; removes a member once", async () => {
        const { teacher, classroom } = await room();
        const early = aStudent();
        const late = aStudent();
        await repos.memberships.addWithNewStudent(late, aMembership(classroom.id, late, { joinedAt: new Date(T0.getTime() + 2000) }));
        await repos.memberships.addWithNewStudent(early, aMembership(classroom.id, early, { joinedAt: new Date(T0.getTime() + 1000) }));
        expect((await repos.memberships.list(classroom.id)).map((m) => m.userId)).toEqual([teacher.id, early.id, late.id]);

        expect(await repos.memberships.remove(classroom.id, early.id)).toBe(true);
        expect(await repos.memberships.remove(classroom.id, early.id)).toBe(false);
        expect((await repos.memberships.list(classroom.id)).map((m) => m.userId)).toEqual([teacher.id, late.id]);
        // The account survives: the student may belong to other classrooms.
        expect(await repos.users.findById(early.id)).not.toBeNull();
      });

      it("enforces foreign keys: no membership in a classroom that does not exist", async () => {
        const student = aStudent();
        await expect(repos.memberships.addWithNewStudent(student, aMembership("no-such-classroom", student))).rejects.toThrow();
        expect(await repos.users.findById(student.id)).toBeNull();
      });
    });

    describe("races and runs", () => {
      const classroomWithStudent = () => storedClassroomWithStudent(repos);

      it("creates a race, updates its status and lists active races", async () => {
        const { teacher, classroom } = await classroomWithStudent();
        const race = aRace(classroom.id, teacher.id);
        await repos.races.create(race);
        expect(await repos.races.findById(race.id)).toEqual(race);
        const startsAt = new Date(T0.getTime() + 3000);
        const running = await repos.races.update(race.id, { status: "running", startsAt });
        expect(running).toEqual({ ...race, status: "running", startsAt });
        expect((await repos.races.listActive()).map((r) => r.id)).toContain(race.id);
        await repos.races.update(race.id, { status: "ended", endedAt: startsAt });
        expect((await repos.races.listActive()).map((r) => r.id)).not.toContain(race.id);
        expect((await repos.races.listForClassroom(classroom.id)).map((r) => r.id)).toEqual([race.id]);
        expect(await repos.races.update("missing", { status: "ended" })).toBeNull();
      });

      it("keeps a homework race's kind and window, and lists it as active (its timers are armed from that) until it closes", async () => {
        const { teacher, classroom } = await classroomWithStudent();
        const opensAt = new Date(T0.getTime() + 86_400_000);
        const homework = aRace(classroom.id, teacher.id, { kind: "homework", status: "countdown", startsAt: opensAt, endsAt: new Date(opensAt.getTime() + 3 * 86_400_000) });
        await repos.races.create(homework);
        expect(await repos.races.findById(homework.id)).toEqual(homework);
        expect((await repos.races.listActive()).find((r) => r.id === homework.id)).toEqual(homework);
        const from = { status: homework.status, endsAt: homework.endsAt, pausedAt: null };
        const closed = await repos.races.transition(homework.id, from, { status: "ended", endedAt: homework.endsAt });
        expect(closed).toEqual({ ...homework, status: "ended", endedAt: homework.endsAt });
        // A second process closing it from the same reading changes nothing.
        expect(await repos.races.transition(homework.id, from, { status: "ended", endedAt: homework.endsAt })).toBeNull();
        expect((await repos.races.listActive()).map((r) => r.id)).not.toContain(homework.id);
      });

      it("stores checkpoints, every one for the replay, and keeps each run's latest on its row whatever the write order", async () => {
        const { teacher, classroom, student } = await classroomWithStudent();
        const race = aRace(classroom.id, teacher.id, { status: "running" });
        await repos.races.create(race);
        const run = aRun(student.id, { kind: "race", raceId: race.id, classroomId: classroom.id });
        await repos.runs.create(run);
        const at = (s: number) => new Date(T0.getTime() + s * 1000);
        const checkpoint = (s: number, epoch: number, publicScore: number) => ({ id: randomUUID(), raceId: race.id, runId: run.id, userId: student.id, createdAt: at(s), epoch, publicScore });
        const second = checkpoint(20, 40, 0.2);
        const first = checkpoint(10, 20, 0.5);
        // Scored on two processes, the later one stored first: the row keeps the later one.
        await repos.checkpoints.create(second);
        await repos.checkpoints.create(first);
        expect(await repos.runs.findById(run.id)).toMatchObject({ checkpointScore: 0.2, checkpointAt: at(20), checkpointEpoch: 40 });
        expect(await repos.runs.standingsForRace(race.id)).toEqual([
          { id: run.id, userId: student.id, startedAt: run.startedAt, finishedAt: null, claimedLoss: null, checkpointScore: 0.2, checkpointAt: at(20), checkpointEpoch: 40 },
        ]);
        expect(await repos.checkpoints.listForRace(race.id)).toEqual([first, second]);
        expect(await repos.checkpoints.listForRace("missing")).toEqual([]);
        // A checkpoint of an unknown run is refused and changes nothing.
        await expect(repos.checkpoints.create({ ...checkpoint(30, 50, 0.1), runId: "missing" })).rejects.toThrow();
        expect(await repos.checkpoints.listForRace(race.id)).toHaveLength(2);
        expect((await repos.runs.findById(run.id))!.checkpointScore).toBe(0.2);
      });

      it("refuses rules that break the race schema and stores nothing", async () => {
        const { teacher, classroom } = await classroomWithStudent();
        const race = aRace(classroom.id, teacher.id, { rules: { ...DEFAULT_RACE_RULES, allowedCells: [] } });
        await expect(repos.races.create(race)).rejects.toThrow(/at least one cell/);
        expect(await repos.races.findById(race.id)).toBeNull();
      });

      it("creates a run with its config and finishes it once", async () => {
        const { student, classroom, teacher } = await classroomWithStudent();
        const race = aRace(classroom.id, teacher.id);
        await repos.races.create(race);
        const run = aRun(student.id, { kind: "race", raceId: race.id, classroomId: classroom.id, backend: "wasm" });
        await repos.runs.create(run);
        const stored = await repos.runs.findById(run.id);
        expect(stored).toMatchObject({ ...run, status: "running", lastEpoch: 0, finishedAt: null, device: null });
        expect((await repos.runs.listForRace(race.id)).map((r) => r.id)).toEqual([run.id]);

        const finish = { status: "finished", finishedAt: new Date(T0.getTime() + 60_000), finalTrainLoss: 0.05, finalValLoss: 0.07, msPerEpoch: 12, claimedLoss: 0.05 } as const;
        expect(await repos.runs.finish(run.id, finish)).toBe(true);
        expect(await repos.runs.finish(run.id, { ...finish, status: "stopped" })).toBe(false);
        expect(await repos.runs.findById(run.id)).toMatchObject({ status: "finished", finalTrainLoss: 0.05, claimedLoss: 0.05 });
        expect(await repos.runs.finish("missing", finish)).toBe(false);
      });

      it("appends curve batches: repeats are ignored, a gap is reported and nothing past it is stored", async () => {
        const { student } = await classroomWithStudent();
        const run = aRun(student.id);
        await repos.runs.create(run);
        expect(await repos.runs.appendCurve(run.id, curvePoints(1, 50))).toEqual({ lastEpoch: 50, stored: 50, missingFrom: null });
        expect(await repos.runs.appendCurve(run.id, curvePoints(40, 60))).toEqual({ lastEpoch: 60, stored: 10, missingFrom: null });
        expect(await repos.runs.appendCurve(run.id, curvePoints(63, 70))).toEqual({ lastEpoch: 60, stored: 0, missingFrom: 61 });
        expect(await repos.runs.appendCurve(run.id, curvePoints(1, 10))).toEqual({ lastEpoch: 60, stored: 0, missingFrom: null });
        const curve = await repos.runs.readCurve(run.id);
        expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
        const expected = curvePoints(1, 60);
        curve.forEach((point, i) => {
          expect(point.trainLoss).toBeCloseTo(expected[i]!.trainLoss, 6);
          expect(point.valLoss === null).toBe(expected[i]!.valLoss === null);
          expect(point.tMs).toBe(expected[i]!.tMs);
        });
        const row = await repos.runs.findById(run.id);
        expect(row).toMatchObject({ lastEpoch: 60 });
        expect(row!.finalTrainLoss).toBeCloseTo(1 / 60, 6);
        expect(row!.msPerEpoch).toBeCloseTo(expected.reduce((s, p) => s + p.msPerEpoch, 0) / 60, 4);
        expect(await repos.runs.appendCurve("missing", curvePoints(1, 2))).toBeNull();
      });

      it("stores rollouts (the latest per epoch), weights and the verified score", async () => {
        const { student } = await classroomWithStudent();
        const run = aRun(student.id);
        await repos.runs.create(run);
        await repos.runs.addRollout(run.id, { epoch: 100, mse: 0.5, predicted: [0.5, -0.25] });
        await repos.runs.addRollout(run.id, { epoch: 100, mse: 0.25, predicted: [0.75, 0.125] });
        await repos.runs.addRollout(run.id, { epoch: 200, mse: 0.125, predicted: [1, 2, 3] });
        expect(await repos.runs.readRollouts(run.id)).toEqual([
          { epoch: 100, mse: 0.25, predicted: [0.75, 0.125] },
          { epoch: 200, mse: 0.125, predicted: [1, 2, 3] },
        ]);
        expect(await repos.runs.readWeights(run.id)).toBeNull();
        await repos.runs.saveWeights(run.id, new Uint8Array([1, 2, 3]), T0);
        await repos.runs.saveWeights(run.id, new Uint8Array([4, 5]), T0);
        expect(Array.from((await repos.runs.readWeights(run.id))!)).toEqual([4, 5]);
        await repos.runs.setVerifiedScore(run.id, 0.031);
        expect(await repos.runs.findById(run.id)).toMatchObject({ verifiedScore: 0.031 });
      });

      it("stores an ended run (an import) with its losses, picture and weights at once; a second one with its id changes nothing", async () => {
        const { student, classroom } = await classroomWithStudent();
        const run = aRun(student.id, { kind: "imported", classroomId: classroom.id });
        const end = { status: "finished", finishedAt: T0, finalTrainLoss: 0.04, finalValLoss: 0.06, msPerEpoch: null, claimedLoss: 0.06 } as const;
        await repos.runs.createEnded(run, end, { epoch: 1000, mse: 0.5, predicted: [0.5, -0.25] }, new Uint8Array([7, 8, 9]));
        expect(await repos.runs.findById(run.id)).toMatchObject({ kind: "imported", status: "finished", lastEpoch: 0, finishedAt: T0, finalValLoss: 0.06, claimedLoss: 0.06 });
        expect(await repos.runs.readRollouts(run.id)).toEqual([{ epoch: 1000, mse: 0.5, predicted: [0.5, -0.25] }]);
        expect(Array.from((await repos.runs.readWeights(run.id))!)).toEqual([7, 8, 9]);

        // The same id again: the run exists, so the whole second import fails and the first is untouched.
        const again = { ...run, kind: "imported" as const };
        await expect(repos.runs.createEnded(again, { ...end, finalValLoss: 1 }, { epoch: 1, mse: 1, predicted: [1] }, new Uint8Array([1]))).rejects.toThrow();
        expect(await repos.runs.findById(run.id)).toMatchObject({ finalValLoss: 0.06 });
        expect(await repos.runs.readRollouts(run.id)).toHaveLength(1);
      });
    });
  });
}
