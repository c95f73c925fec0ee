/**
 * Every event of the socket contract has a budget: a real socket.io-client flooding any one of them is throttled
 * (the refused copies change nothing), then disconnected. Floods are logged once per burst, not once per message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request, type RealtimeSocket } from "@/app/_lib/realtime";
import type { FloodRules } from "@/lib/race/flood-guard";
import { createLogger } from "@/server/logger";
import { buildScene, CONTRACT, observe, uncovered, type Scene } from "../../support/socket-contract";
import { closeAllSockets, connected } from "../../support/realtime";
import { createPostgresDatabase } from "../../support/databases";
import { startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";
import { requireService } from "../../support/services";

const postgres = await requireService("postgresql");

/** Small enough to meet in a test; the production budget has the same shape. */
const BUDGET: FloodRules = { messagesPerSec: 2, messageBurst: 6, epochsPerSec: 50, epochBurst: 50, bytesPerSec: 1e6, byteBurst: 1e6, strikeLimit: 4 };
const FLOOD = 30;

let server: TestServer;
const logLines: { level: string; message: string }[] = [];

beforeAll(async () => {
  const logger = createLogger("debug", (line) => logLines.push(JSON.parse(line)));
  server = await startTestServer({ deps: { socketBudget: BUDGET, logger } });
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

function serverDisconnect(socket: RealtimeSocket): Promise<string> {
  return new Promise((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
}

async function socketOf(scene: Scene, who: "teacher" | "student"): Promise<RealtimeSocket> {
  const socket = (who === "teacher" ? scene.teacher : scene.student).socket();
  await connected(socket);
  return socket;
}

it("covers every request of the contract", () => {
  expect(uncovered()).toEqual([]);
});

describe.each(CONTRACT)("flooding $event", (c) => {
  it("is throttled with the state unchanged, then disconnected", async () => {
    const scene = await buildScene(server.url, c.stage);
    const before = await observe(scene);
    const socket = await socketOf(scene, c.who);
    const cut = serverDisconnect(socket);
    const results = await Promise.all(Array.from({ length: FLOOD }, () => request(socket, c.event, c.payload(scene) as never)));

    const throttled = results.filter((r) => !r.ok && r.error.code === "rate_limited");
    for (const r of throttled) expect(r).toMatchObject({ ok: false, error: { code: "rate_limited", reason: "throttled" } });
    expect(throttled.length).toBeGreaterThan(0);
    // What got through is the burst (and what refilled meanwhile); everything after the cut got no answer.
    const answered = results.filter((r) => r.ok || r.error.code !== "internal");
    expect(answered.length - throttled.length).toBeLessThanOrEqual(BUDGET.messageBurst + 2);
    expect(await cut).toBe("io server disconnect");

    const accepted = results.filter((r) => r.ok).length;
    await expect.poll(() => observe(scene), { timeout: 10_000 }).toEqual(c.effect(before, accepted, scene));
  });
});

describe("flood logging", () => {
  it("cuts off a flood of requests without acks, logging one line, not one per message", async () => {
    const room = await teacherWithClassroom(server.url);
    const socket = room.teacher.socket();
    await connected(socket);
    const cut = serverDisconnect(socket);
    const linesBefore = logLines.length;
    for (let i = 0; i < 500; i++) (socket.emit as (event: string, payload: unknown) => void)("room:enter", { classroomId: room.classroomId });
    expect(await cut).toBe("io server disconnect");
    const lines = logLines.slice(linesBefore).map((l) => l.message);
    expect(lines.filter((m) => m === "socket request without ack ignored")).toHaveLength(1);
    expect(lines.filter((m) => m === "socket over its budget: disconnected").length).toBeLessThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it.skipIf(!postgres.available)("logs a burst of failing requests once, however many fail", async () => {
    const failing: { level: string; message: string; event?: string }[] = [];
    const db = await createPostgresDatabase();
    const own = await startTestServer({
      databaseUrl: db.url,
      deps: { socketBudget: { ...BUDGET, messageBurst: 60, messagesPerSec: 60, strikeLimit: 1000 }, logger: createLogger("debug", (line) => failing.push(JSON.parse(line))) },
    });
    try {
      const room = await teacherWithClassroom(own.url);
      const socket = room.teacher.socket();
      await connected(socket);
      // The database goes away under the running server: every room:enter now fails on our side.
      await db.drop();
      const results = await Promise.all(Array.from({ length: 50 }, () => request(socket, "room:enter", { classroomId: room.classroomId })));
      expect(results.every((r) => !r.ok && r.error.code === "internal")).toBe(true);
      const failures = failing.filter((l) => l.message === "socket request failed");
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ level: "error", event: "room:enter" });
    } finally {
      closeAllSockets();
      await own.close().catch(() => undefined);
      await db.drop();
    }
  });
});
