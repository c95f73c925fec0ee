/**
 * One account holds a bounded number of open sockets per process: every socket has its own event budget, so
 * unbounded sockets would multiply the budget. Concurrent handshakes cannot slip past the count, and a closed
 * socket gives its place back.
 */
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { connected, closeAllSockets, refusal } from "../../support/realtime";
import { joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

const CAP = 4;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ deps: { maxSocketsPerUser: CAP } });
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

it("admits the cap's worth of concurrent handshakes for one account and refuses the rest with a code", async () => {
  const { code } = await teacherWithClassroom(server.url);
  const student = await joinAsStudent(server.url, code, "Ana");
  const sockets = Array.from({ length: CAP * 3 }, () => student.client.socket());
  const outcomes = await Promise.allSettled(sockets.map((s) => connected(s)));
  const admitted = outcomes.filter((o) => o.status === "fulfilled").length;
  expect(admitted).toBe(CAP);
  for (const o of outcomes) {
    if (o.status === "rejected") expect((o.reason as { data: unknown }).data).toMatchObject({ code: "rate_limited", reason: "too_many_connections" });
  }

  // Another account is not affected by this one's sockets.
  const other = await joinAsStudent(server.url, code, "Ben");
  await connected(other.client.socket());

  // A socket that closes gives its place back.
  const open = sockets.filter((s) => s.connected);
  const closed = new Promise<void>((resolve) => open[0]!.once("disconnect", () => resolve()));
  open[0]!.disconnect();
  await closed;
  await expect.poll(async () => {
    const retry = student.client.socket();
    try {
      await connected(retry);
      return true;
    } catch {
      return false;
    }
  }).toBe(true);
  expect(await refusal(student.client.socket())).toMatchObject({ code: "rate_limited", reason: "too_many_connections" });
});
