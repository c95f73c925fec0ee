/**
 * The data library over the real HTTP API: a teacher uploads to a classroom's library and reads it back; a student
 * keeps their own data; every bad file is refused with its row and reason and stores nothing; whoever may not see
 * a dataset gets the answer a missing one gets; a dataset in use is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TDatasetView, TDatasetWithValues } from "@/lib/api/datasets";
import { DATASET_LIMITS, DATASET_UPLOAD_MAX_BODY_BYTES } from "@/lib/api/datasets";
import { UPLOAD_LIMITS } from "@/lib/data/upload";
import { withOverrides } from "@/lib/ml/config";
import { monthlyCsv, monthlyValues, upload, uploaded, uploadRequest } from "../../support/datasets";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TeacherWithClassroom, type TestServer } from "../../support/server";
import type { ErrorBody } from "@/lib/errors";
import { inEnglish } from "../../support/in-english";

let server: TestServer;
let room: TeacherWithClassroom;
let student: { client: ApiClient; userId: string };
let otherTeacher: TeacherWithClassroom;

beforeAll(async () => {
  server = await startTestServer({ deps: { rateRules: { datasetUploadPerUser: { name: "dataset-upload-user", limit: 60, windowMs: 3_600_000 } } } });
  room = await teacherWithClassroom(server.url, "Weather club");
  student = await joinAsStudent(server.url, room.code, "Aiko");
  otherTeacher = await teacherWithClassroom(server.url, "Elsewhere");
});
afterAll(() => server?.close());

const library = async (client: ApiClient = room.teacher, classroomId = room.classroomId) =>
  (await client.get<{ datasets: TDatasetView[] }>(`/api/classrooms/${classroomId}/datasets`)).body;
const stored = async () => {
  const body = await library();
  if (!body.ok) throw new Error(JSON.stringify(body));
  return body.data.datasets.filter((d) => d.example === null).map((d) => d.id);
};

describe("a classroom's library", () => {
  it("a teacher uploads a CSV, sees it listed with the examples, and reads back its values and times", async () => {
    const values = monthlyValues(60);
    const dataset = await uploaded(room.teacher, room.classroomId, uploadRequest(values));
    expect(dataset).toMatchObject({ name: "School temperature log", example: null, classroomId: room.classroomId, length: 60, scaling: "standardise", valueColumn: "temperature", timeColumn: "month", fileName: "temperatures.csv", deletable: true });
    const listed = await library();
    expect(listed.ok && listed.data.datasets.map((d) => d.example ?? d.id)).toEqual([dataset.id, "sunspots", "sea-surface-temperature"]);
    const read = await room.teacher.get<{ dataset: TDatasetWithValues }>(`/api/datasets/${dataset.id}`);
    expect(read.status).toBe(200);
    expect(read.body.ok && read.body.data.dataset.values).toEqual(values);
    expect(read.body.ok && read.body.data.dataset.times?.slice(0, 2)).toEqual(["2001-01", "2001-02"]);
  });

  it("pasted values need no header and no time column", async () => {
    const values = monthlyValues(20);
    const dataset = await uploaded(room.teacher, room.classroomId, { name: "Pasted", text: values.join("\n"), scaling: "min-max" });
    expect(dataset).toMatchObject({ length: 20, fileName: null, valueColumn: null, timeColumn: null });
    const read = await room.teacher.get<{ dataset: TDatasetWithValues }>(`/api/datasets/${dataset.id}`);
    expect(read.body.ok && [read.body.data.dataset.values, read.body.data.dataset.times]).toEqual([values, null]);
  });

  it("the column picked for several numeric columns is the one stored", async () => {
    const text = ["year,rain,sun", ...Array.from({ length: 12 }, (_, i) => `${2000 + i},${50 + i},${1200 - i}`)].join("\n");
    const refused = await upload(room.teacher, room.classroomId, { name: "Two", text, scaling: "none" });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ ok: false, error: { code: "invalid_dataset", reason: "several_numeric_columns" } });
    expect(inEnglish((refused.body as { error: ErrorBody }).error)).toContain("year, rain, sun");
    const dataset = await uploaded(room.teacher, room.classroomId, { name: "Sun", text, valueColumn: 2, timeColumn: 0, scaling: "none" });
    const read = await room.teacher.get<{ dataset: TDatasetWithValues }>(`/api/datasets/${dataset.id}`);
    expect(read.body.ok && read.body.data.dataset.values.slice(0, 2)).toEqual([1200, 1199]);
    expect(read.body.ok && read.body.data.dataset.times?.[0]).toBe("2000");
  });

  it("the built-in examples are every teacher's to read, never a student's", async () => {
    const read = await otherTeacher.teacher.get<{ dataset: TDatasetWithValues }>("/api/datasets/example%3Asunspots");
    expect(read.status).toBe(200);
    expect(read.body.ok && read.body.data.dataset).toMatchObject({ example: "sunspots", length: 309, deletable: false });
    const hidden = await student.client.get("/api/datasets/example%3Asunspots");
    const missing = await student.client.get("/api/datasets/example%3Anothing");
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await room.teacher.delete("/api/datasets/example%3Asunspots")).body).toMatchObject({ ok: false, error: { code: "bad_request", reason: "example_read_only" } });
  });
});

describe("bad uploads are refused with the row and the reason, and nothing is stored", () => {
  const values = monthlyValues(30);
  const lines = monthlyCsv(values).split("\n");
  const withLine = (row: number, text: string) => lines.map((l, i) => (i + 1 === row ? text : l)).join("\n");
  const cases: { name: string; body: unknown; status: number; error: Record<string, unknown> }[] = [
    { name: "a word for a number", body: uploadRequest(values, { text: withLine(7, "2001-06,hot") }), status: 422, error: { code: "invalid_dataset", reason: "not_a_number", message: 'Row 7: "hot" in column temperature is not a number.' } },
    { name: "a gap", body: uploadRequest(values, { text: withLine(12, "2001-11,") }), status: 422, error: { code: "invalid_dataset", reason: "empty_cell", message: expect.stringMatching(/^Row 12: /) } },
    { name: "a missing row", body: uploadRequest(values, { text: withLine(5, "") }), status: 422, error: { code: "invalid_dataset", reason: "blank_row", message: expect.stringMatching(/^Row 5 is empty/) } },
    { name: "a non-finite value", body: uploadRequest(values, { text: withLine(3, "2001-02,Infinity") }), status: 422, error: { code: "invalid_dataset", reason: "not_finite", message: expect.stringMatching(/^Row 3: /) } },
    { name: "unsorted times", body: uploadRequest(values, { text: withLine(9, "1999-01,12") }), status: 422, error: { code: "invalid_dataset", reason: "unsorted_time", message: expect.stringMatching(/^Row 9: /) } },
    { name: "a repeated time", body: uploadRequest(values, { text: withLine(9, "2001-07,12") }), status: 422, error: { code: "invalid_dataset", reason: "duplicate_time", message: expect.stringMatching(/already on row 8/) } },
    { name: "too short", body: uploadRequest(values.slice(0, UPLOAD_LIMITS.minRows - 1)), status: 422, error: { code: "invalid_dataset", reason: "too_short" } },
    { name: "a constant series to standardise", body: uploadRequest(Array(20).fill(7)), status: 422, error: { code: "invalid_dataset", reason: "constant_series" } },
    { name: "more bytes than a file may have", body: uploadRequest(values, { text: `v\n${"1".repeat(UPLOAD_LIMITS.bytes)}` }), status: 422, error: { code: "invalid_dataset", reason: "too_large" } },
    { name: "a body past the route's cap", body: uploadRequest(values, { text: "1\n".repeat(DATASET_UPLOAD_MAX_BODY_BYTES / 2) }), status: 413, error: { code: "payload_too_large" } },
    { name: "no name", body: uploadRequest(values, { name: "   " }), status: 400, error: { code: "invalid_name", reason: "empty" } },
    { name: "an unknown scaling", body: { ...uploadRequest(values), scaling: "log" }, status: 400, error: { code: "bad_request", field: "scaling" } },
    { name: "an unknown setting", body: { ...uploadRequest(values), secret: true }, status: 400, error: { code: "bad_request" } },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await stored();
      const response = await upload(room.teacher, room.classroomId, c.body);
      expect(response.status).toBe(c.status);
      // The page's wording (from the code, reason and values) is what the cases' `message` describes.
      const { message, ...error } = c.error as { message?: unknown };
      expect(response.body).toMatchObject({ ok: false, error });
      if (message !== undefined) expect({ message: inEnglish((response.body as { error: ErrorBody }).error) }).toMatchObject({ message });
      expect(await stored()).toEqual(before);
    });
  }
});

describe("a student's own data", () => {
  it("is theirs to upload, list, read and delete; nobody else sees it", async () => {
    const values = monthlyValues(24, 5);
    const mine = await uploaded(student.client, null, uploadRequest(values, { name: "My sleep hours", scaling: "none" }));
    expect(mine).toMatchObject({ classroomId: null, length: 24, deletable: true });
    const listed = await student.client.get<{ datasets: TDatasetView[] }>("/api/datasets");
    expect(listed.body.ok && listed.body.data.datasets.map((d) => d.id)).toEqual([mine.id]);
    const read = await student.client.get<{ dataset: TDatasetWithValues }>(`/api/datasets/${mine.id}`);
    expect(read.body.ok && read.body.data.dataset.values).toEqual(values);
    // The classroom's teacher does not see a student's private data, and it is in no library.
    for (const client of [room.teacher, otherTeacher.teacher]) {
      const response = await client.get(`/api/datasets/${mine.id}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual((await client.get("/api/datasets/00000000-0000-0000-0000-000000000000")).body);
      expect((await client.delete(`/api/datasets/${mine.id}`)).status).toBe(404);
    }
    expect(await stored()).not.toContain(mine.id);
    expect((await student.client.delete(`/api/datasets/${mine.id}`)).status).toBe(200);
    expect((await student.client.get(`/api/datasets/${mine.id}`)).status).toBe(404);
  });

  it("a student may neither read nor add to the classroom's library", async () => {
    const before = await stored();
    expect(await library(student.client)).toMatchObject({ ok: false, error: { code: "forbidden", reason: "not_teacher" } });
    expect((await upload(student.client, room.classroomId, uploadRequest(monthlyValues(20)))).body).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const [first] = before;
    expect((await student.client.get(`/api/datasets/${first}`)).status).toBe(404);
    expect((await student.client.delete(`/api/datasets/${first}`)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it("private data has a limit per person; past it, nothing is stored", async () => {
    const someone = await joinAsStudent(server.url, room.code, "Collector");
    for (let i = 0; i < DATASET_LIMITS.private; i++) await uploaded(someone.client, null, { name: `Series ${i}`, text: monthlyValues(10, i).join("\n"), scaling: "none" });
    const refused = await upload(someone.client, null, { name: "One more", text: monthlyValues(10).join("\n"), scaling: "none" });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, error: { code: "dataset_limit", reason: "private" } });
    const listed = await someone.client.get<{ datasets: TDatasetView[] }>("/api/datasets");
    expect(listed.body.ok && listed.body.data.datasets).toHaveLength(DATASET_LIMITS.private);
  });
});

describe("deleting", () => {
  it("a dataset a run trained on is kept; an unused one goes", async () => {
    const used = await uploaded(room.teacher, room.classroomId, uploadRequest(monthlyValues(40)));
    const unused = await uploaded(room.teacher, room.classroomId, uploadRequest(monthlyValues(40)));
    const config = withOverrides({ dataset: { source: "upload", datasetId: used.id, length: 40, scaling: "standardise" }, window: 12, epochs: 5 });
    expect((await room.teacher.post("/api/runs", { config })).status).toBe(201);
    const refused = await room.teacher.delete(`/api/datasets/${used.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, error: { code: "dataset_in_use" } });
    expect(await stored()).toContain(used.id);
    expect((await room.teacher.delete(`/api/datasets/${unused.id}`)).status).toBe(200);
    expect(await stored()).not.toContain(unused.id);
  });
});

describe("upload rate limit", () => {
  it("past the hourly allowance an upload is refused before it is read, and nothing is stored", async () => {
    const limited = await startTestServer({ deps: { rateRules: { datasetUploadPerUser: { name: "dataset-upload-user", limit: 2, windowMs: 3_600_000 } } } });
    try {
      const own = await teacherWithClassroom(limited.url);
      await uploaded(own.teacher, own.classroomId, uploadRequest(monthlyValues(20)));
      // A refused upload counts too: a teacher fixing a file tries a few times, not hundreds.
      expect((await upload(own.teacher, own.classroomId, uploadRequest(monthlyValues(3)))).status).toBe(422);
      const refused = await upload(own.teacher, own.classroomId, uploadRequest(monthlyValues(20)));
      expect(refused.status).toBe(429);
      const listed = await own.teacher.get<{ datasets: TDatasetView[] }>(`/api/classrooms/${own.classroomId}/datasets`);
      expect(listed.body.ok && listed.body.data.datasets.filter((d) => d.example === null)).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
