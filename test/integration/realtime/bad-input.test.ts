/**
 * Malformed payloads for every event of the socket contract: a lone UTF-16 surrogate in any text of the payload
 * (a race's name, a device label, an id, a config field) and an unknown key. Each is a `bad_request` ack naming
 * the field, and nothing changes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { buildScene, CONTRACT, observe, uncovered } from "../../support/socket-contract";
import { closeAllSockets, connected } from "../../support/realtime";
import { startTestServer, type TestServer } from "../../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => closeAllSockets());
afterAll(() => server.close());

/** Dotted paths of every string in a payload. */
function textPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return [path.join(".")];
  if (Array.isArray(value)) return value.flatMap((v, i) => textPaths(v, [...path, String(i)]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => textPaths(v, [...path, k]));
  return [];
}

function poisoned(payload: unknown, path: string): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const parts = path.split(".");
  let target = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  target[parts.at(-1)!] = `${String(target[parts.at(-1)!])}\uD800`;
  return copy;
}

it("covers every request of the contract", () => {
  expect(uncovered()).toEqual([]);
});

describe.each(CONTRACT)("$event", (c) => {
  it("refuses a lone surrogate in any text and an unknown key, naming the field, and changes nothing", async () => {
    const scene = await buildScene(server.url, c.stage);
    const before = await observe(scene);
    const socket = (c.who === "teacher" ? scene.teacher : scene.student).socket();
    await connected(socket);
    const payload = c.payload(scene);
    const fields = textPaths(payload);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      const answer = await request(socket, c.event, poisoned(payload, field) as never);
      expect({ field, answer }).toMatchObject({ field, answer: { ok: false, error: { code: "bad_request", reason: "malformed_text", field } } });
    }
    const extra = await request(socket, c.event, { ...(payload as object), admin: true } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: "bad_request", field: "admin", message: 'Unrecognized key: "admin"' } });
    socket.disconnect();
    await expect.poll(() => observe(scene)).toEqual(before);
  });
});
