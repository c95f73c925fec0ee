/** The dataset repository's contract, on SQLite and PostgreSQL (through openDatabase, migrations applied). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UploadedDatasetConfig } from "@/lib/ml/config";
import { withOverrides } from "@/lib/ml/config";
import { RaceRulesSchema, DEFAULT_RACE_RULES } from "@/lib/race/rules";
import { openDatabase, type Database } from "@/server/persistence/database";
import type { Repositories } from "@/server/persistence/repositories";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { aDataset, aRace, aRun, aStudent, aMembership, storedClassroomWithStudent, T0 } from "../../support/records";

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`datasets on ${target.name}`, () => {
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

    it("stores a dataset and reads back every value bit for bit, its times and its columns", async () => {
      const { teacher, classroom } = await storedClassroomWithStudent(repos);
      const values = Float64Array.from([0.1, -2.5e-310, 1e300, -0, 3.4028234663852886e38, 12.345678901234567, 7, 8]);
      const dataset = aDataset(teacher.id, { classroomId: classroom.id, values, times: Array.from(values, (_, i) => `t${i}`) });
      expect(await repos.datasets.create(dataset, 10)).toBe("ok");
      const read = await repos.datasets.findById(dataset.id);
      expect(read).toEqual(dataset);
      expect(Buffer.from(read!.values.buffer).equals(Buffer.from(values.buffer))).toBe(true);
      const withoutTimes = aDataset(teacher.id, { times: null, valueColumn: null, timeColumn: null, fileName: null, scaling: "none" });
      await repos.datasets.create(withoutTimes, 10);
      expect(await repos.datasets.findById(withoutTimes.id)).toEqual(withoutTimes);
      expect(await repos.datasets.findById("no-such-dataset")).toBeNull();
    });

    it("lists a classroom's library and a user's private data apart, newest first, without values", async () => {
      const { teacher, classroom, student } = await storedClassroomWithStudent(repos);
      const older = aDataset(teacher.id, { classroomId: classroom.id, createdAt: T0 });
      const newer = aDataset(teacher.id, { classroomId: classroom.id, createdAt: new Date(T0.getTime() + 60_000), length: 20 });
      const teachersOwn = aDataset(teacher.id);
      const studentsOwn = aDataset(student.id, { length: 10 });
      for (const d of [older, newer, teachersOwn, studentsOwn]) expect(await repos.datasets.create(d, 10)).toBe("ok");
      const library = await repos.datasets.listForClassroom(classroom.id);
      expect(library.map((d) => d.id)).toEqual([newer.id, older.id]);
      const { id, ownerId, classroomId, name, valueColumn, timeColumn, scaling, fileName, createdAt } = newer;
      expect(library[0]).toEqual({ id, ownerId, classroomId, name, valueColumn, timeColumn, scaling, fileName, createdAt, length: 20 });
      expect((await repos.datasets.listPrivate(teacher.id)).map((d) => d.id)).toEqual([teachersOwn.id]);
      expect((await repos.datasets.listPrivate(student.id)).map((d) => [d.id, d.length])).toEqual([[studentsOwn.id, 10]]);
    });

    it("keeps a library within its limit, even for simultaneous uploads, and stores nothing past it", async () => {
      const { teacher, classroom, student } = await storedClassroomWithStudent(repos);
      const attempts = Array.from({ length: 8 }, () => aDataset(teacher.id, { classroomId: classroom.id }));
      const outcomes = await Promise.all(attempts.map((d) => repos.datasets.create(d, 3)));
      expect(outcomes.filter((o) => o === "ok")).toHaveLength(3);
      expect(await repos.datasets.listForClassroom(classroom.id)).toHaveLength(3);
      // Private data counts apart, per owner.
      const own = Array.from({ length: 4 }, () => aDataset(student.id));
      const privateOutcomes = await Promise.all(own.map((d) => repos.datasets.create(d, 2)));
      expect(privateOutcomes.filter((o) => o === "ok")).toHaveLength(2);
      expect(await repos.datasets.listPrivate(student.id)).toHaveLength(2);
      expect(await repos.datasets.create(aDataset(teacher.id), 2)).toBe("ok");
    });

    it("deletes a dataset no run or race uses, and keeps one that is used", async () => {
      const { teacher, classroom, student } = await storedClassroomWithStudent(repos);
      const unused = aDataset(teacher.id, { classroomId: classroom.id });
      const usedByRace = aDataset(teacher.id, { classroomId: classroom.id });
      const usedByRun = aDataset(student.id);
      for (const d of [unused, usedByRace, usedByRun]) await repos.datasets.create(d, 10);
      const upload = (id: string, length: number): UploadedDatasetConfig => ({ source: "upload", datasetId: id, length, scaling: "standardise" });
      const rules = RaceRulesSchema.parse({ ...DEFAULT_RACE_RULES, dataset: upload(usedByRace.id, 38), window: 12, hiddenLength: 10 });
      await repos.races.create(aRace(classroom.id, teacher.id, { rules }));
      await repos.runs.create(aRun(student.id, { config: withOverrides({ dataset: upload(usedByRun.id, 40), window: 12 }) }));

      expect(await repos.datasets.delete(usedByRace.id)).toBe("in_use");
      expect(await repos.datasets.delete(usedByRun.id)).toBe("in_use");
      expect(await repos.datasets.findById(usedByRace.id)).not.toBeNull();
      expect(await repos.datasets.findById(usedByRun.id)).not.toBeNull();
      expect(await repos.datasets.delete(unused.id)).toBe("deleted");
      expect(await repos.datasets.findById(unused.id)).toBeNull();
      expect(await repos.datasets.delete(unused.id)).toBe("missing");
    });

    it("a race stores and reads back rules naming a dataset, as they were", async () => {
      const { teacher, classroom } = await storedClassroomWithStudent(repos);
      const dataset = aDataset(teacher.id, { classroomId: classroom.id });
      await repos.datasets.create(dataset, 10);
      const rules = RaceRulesSchema.parse({ ...DEFAULT_RACE_RULES, dataset: { source: "upload", datasetId: dataset.id, length: 40, scaling: "min-max" }, window: 12, hiddenLength: 8 });
      const race = aRace(classroom.id, teacher.id, { rules });
      await repos.races.create(race);
      expect(await repos.races.findById(race.id)).toEqual(race);
      // Rules changed back to a preset release the dataset.
      await repos.races.update(race.id, { rules: DEFAULT_RACE_RULES });
      expect(await repos.datasets.delete(dataset.id)).toBe("deleted");
    });

    it("a student's own data stays theirs when they leave a classroom", async () => {
      const student = aStudent();
      const { classroom } = await storedClassroomWithStudent(repos);
      await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student));
      const own = aDataset(student.id);
      await repos.datasets.create(own, 10);
      expect(await repos.memberships.remove(classroom.id, student.id)).toBe(true);
      // Leaving a classroom does not take a student's own data with it.
      expect(await repos.datasets.findById(own.id)).not.toBeNull();
    });
  });
}
