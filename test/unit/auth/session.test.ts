import { describe, expect, it } from "vitest";
import { SESSION_RENEW_INTERVAL_MS, SESSION_TTL_MS, sessionExpiry, sessionStatus, shouldRenewSession } from "@/lib/auth/session";

const now = Date.UTC(2026, 2, 1, 9);
const active = { lastSeenAt: new Date(now), expiresAt: sessionExpiry(now), revokedAt: null };

describe("sessions", () => {
  it("last SESSION_TTL_MS from when they were created or renewed", () => {
    expect(active.expiresAt.getTime() - now).toBe(SESSION_TTL_MS);
    expect(sessionStatus(active, now + SESSION_TTL_MS - 1)).toBe("active");
    expect(sessionStatus(active, now + SESSION_TTL_MS)).toBe("expired");
  });

  it("are revoked for good, even before they expire", () => {
    expect(sessionStatus({ ...active, revokedAt: new Date(now) }, now + 1)).toBe("revoked");
  });

  it("slide forward at most once per renewal interval, and never when no longer active", () => {
    expect(shouldRenewSession(active, now + SESSION_RENEW_INTERVAL_MS - 1)).toBe(false);
    expect(shouldRenewSession(active, now + SESSION_RENEW_INTERVAL_MS)).toBe(true);
    expect(shouldRenewSession({ ...active, revokedAt: new Date(now) }, now + SESSION_RENEW_INTERVAL_MS)).toBe(false);
    expect(shouldRenewSession(active, now + SESSION_TTL_MS)).toBe(false);
  });
});
