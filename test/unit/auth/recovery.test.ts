import { describe, expect, it } from "vitest";
import { oneTimePinFrom, RESET_LINK_TTL_MS, resetLink, resetLinkExpiry, resetLinkStatus, tokenFromFragment } from "@/lib/auth/recovery";
import { resetMail } from "@/lib/auth/reset-mail";
import { checkPassword } from "@/lib/auth/password";
import { messagesFor } from "@/lib/i18n";
import { hashResetToken, isWellFormedResetToken, newOneTimePin, newResetToken } from "@/server/security/recovery-tokens";

const T = Date.UTC(2026, 11, 6, 9, 0, 0);

describe("reset links", () => {
  it("last an hour from when they are issued, and once used never open again", () => {
    const expiresAt = resetLinkExpiry(T);
    expect(expiresAt.getTime() - T).toBe(RESET_LINK_TTL_MS);
    expect(RESET_LINK_TTL_MS).toBe(60 * 60 * 1000);
    expect(resetLinkStatus({ expiresAt, usedAt: null }, T + RESET_LINK_TTL_MS - 1)).toBe("valid");
    expect(resetLinkStatus({ expiresAt, usedAt: null }, T + RESET_LINK_TTL_MS)).toBe("expired");
    expect(resetLinkStatus({ expiresAt, usedAt: new Date(T + 1) }, T + 2)).toBe("used");
  });

  it("carry the token in the fragment of the public address, which reads back", () => {
    const token = newResetToken();
    const link = resetLink("https://lossrace.school.org/", token);
    expect(link).toBe(`https://lossrace.school.org/reset-password#token=${token}`);
    expect(tokenFromFragment(new URL(link).hash)).toBe(token);
    expect(tokenFromFragment("")).toBeNull();
    expect(tokenFromFragment("#token=")).toBeNull();
  });

  it("are random, well formed, and stored only as a hash that the token alone yields", () => {
    const tokens = new Set(Array.from({ length: 50 }, newResetToken));
    expect(tokens.size).toBe(50);
    const [token] = tokens;
    expect(isWellFormedResetToken(token!)).toBe(true);
    expect(hashResetToken(token!)).toBe(hashResetToken(token!));
    expect(hashResetToken(token!)).not.toContain(token!);
    expect(hashResetToken(token!)).not.toBe(hashResetToken(`${token!.slice(0, -1)}x`));
  });
});

describe("one-time PINs", () => {
  it("are six digits a student may use, skipping trivial draws", () => {
    expect(oneTimePinFrom([1, 2, 3, 4, 5, 6, 4, 0, 7, 1, 9, 2])).toBe("407192");
    expect(oneTimePinFrom([7, 7, 7, 7, 7, 7])).toBeNull();
    for (let i = 0; i < 200; i++) {
      const pin = newOneTimePin();
      expect(pin).toMatch(/^[0-9]{6}$/);
      expect(checkPassword(pin, "student")).toBeNull();
    }
  });
});

describe("the reset e-mail", () => {
  it.each([
    ["en", "Reset your Loss Race password", "Hello Ms Ito,"],
    ["ja", "Loss Race のパスワードの再設定", "Ms Ito 様"],
  ] as const)("is written in %s from the catalogue, with the link and its lifetime", (locale, subject, greeting) => {
    const link = "https://lossrace.school.org/reset-password#token=abc";
    const mail = resetMail(messagesFor(locale), { displayName: "Ms Ito", email: "ito@school.org" }, link);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(greeting);
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).toContain("ito@school.org");
    expect(mail.text).toContain("60");
    expect(mail.text).not.toMatch(/\{\w+\}/);
  });
});
