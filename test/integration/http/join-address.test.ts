/**
 * GET /api/join-address: the address the join link and QR code carry, decided by the server. Listening on every
 * interface, it names one of the machine's network addresses (not loopback) and that address really serves the app.
 */
import { networkInterfaces } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const machineAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((entry) => entry && !entry.internal)
  .map((entry) => entry!.address);

describe("the join address", () => {
  it("is the PUBLIC_URL when the deployment declares one, for teachers and students alike", async () => {
    server = await startTestServer({ env: { PUBLIC_URL: "https://race.school.example" } });
    const { teacher, code } = await teacherWithClassroom(server.url);
    const expected = { ok: true, data: { origin: "https://race.school.example", alternatives: [], source: "public-url" } };
    expect((await teacher.get("/api/join-address")).body).toEqual(expected);
    const { client } = await joinAsStudent(server.url, code, "Aiko");
    expect((await client.get("/api/join-address")).body).toEqual(expected);
  });

  it("is the bound loopback address, port included, when the server listens only there", async () => {
    server = await startTestServer();
    const { teacher } = await teacherWithClassroom(server.url);
    const port = new URL(server.url).port;
    expect((await teacher.get("/api/join-address")).body).toEqual({ ok: true, data: { origin: `http://127.0.0.1:${port}`, alternatives: [], source: "loopback" } });
  });

  it.skipIf(machineAddresses.length === 0)("is a network address of this machine that serves the app, when listening on every interface", async () => {
    server = await startTestServer({ host: "0.0.0.0" });
    const { teacher } = await teacherWithClassroom(server.url);
    const response = await teacher.get<{ origin: string; alternatives: string[]; source: string }>("/api/join-address");
    if (!response.body.ok) throw new Error(JSON.stringify(response.body));
    const { origin, source } = response.body.data;
    expect(source).toBe("network");
    const url = new URL(origin);
    expect(url.port).toBe(new URL(server.url).port);
    expect(machineAddresses).toContain(url.hostname.replace(/^\[|\]$/g, ""));
    // A student's laptop opening that address reaches this server.
    const health = await fetch(`${origin}/api/health`);
    expect(health.status).toBe(200);
  });

  it("is for signed-in people only", async () => {
    server = await startTestServer();
    const response = await new ApiClient(server.url).get("/api/join-address");
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });
});
