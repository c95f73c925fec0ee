import { describe, expect, it } from "vitest";
import { hashSessionToken, isWellFormedToken, newCsrfToken, newSessionToken, verifyCsrfToken } from "@/server/security/tokens";

const secret = "s".repeat(64);

describe("session tokens", () => {
  it("are random, well-formed, and stored only as a keyed hash", () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(a).not.toBe(b);
    expect(isWellFormedToken(a)).toBe(true);
    expect(hashSessionToken(secret, a)).not.toContain(a);
    expect(hashSessionToken(secret, a)).toBe(hashSessionToken(secret, a));
    expect(hashSessionToken("another-secret", a)).not.toBe(hashSessionToken(secret, a));
  });

  it("reject anything not shaped like ours", () => {
    expect(isWellFormedToken("")).toBe(false);
    expect(isWellFormedToken("x".repeat(42))).toBe(false);
    expect(isWellFormedToken(`${"x".repeat(42)};`)).toBe(false);
  });
});

describe("CSRF tokens", () => {
  it("verify when cookie and header match and were signed for this session", () => {
    const token = newCsrfToken(secret, "session-1");
    expect(verifyCsrfToken(secret, "session-1", token, token)).toBe(true);
  });

  it("fail for another session, a missing or different header, or a forged signature", () => {
    const token = newCsrfToken(secret, "session-1");
    expect(verifyCsrfToken(secret, "session-2", token, token)).toBe(false);
    expect(verifyCsrfToken(secret, null, token, token)).toBe(false);
    expect(verifyCsrfToken(secret, "session-1", token, undefined)).toBe(false);
    expect(verifyCsrfToken(secret, "session-1", token, newCsrfToken(secret, "session-1"))).toBe(false);
    const forged = `${token.split(".")[0]}.${"A".repeat(43)}`;
    expect(verifyCsrfToken(secret, "session-1", forged, forged)).toBe(false);
    expect(verifyCsrfToken("other", "session-1", token, token)).toBe(false);
  });
});
