/**
 * Account recovery rules: how long a teacher's reset link lasts, what a one-time PIN looks like, and where a
 * link points. Pure: the server draws the randomness and reads the clock, then asks these.
 */
import { checkPassword } from "./password";

/** A reset link opens the account for an hour: long enough to reach the mailbox, short enough to go stale. */
export const RESET_LINK_TTL_MS = 60 * 60 * 1000;
/** Digits in the PIN a teacher reads out or writes down for a student. */
export const ONE_TIME_PIN_DIGITS = 6;
/** The page a reset link opens. The token rides in the fragment, which browsers never send to servers or in Referer. */
export const RESET_PAGE_PATH = "/reset-password";

export type ResetLinkStatus = "valid" | "expired" | "used";

export function resetLinkStatus(reset: { expiresAt: Date; usedAt: Date | null }, now: number): ResetLinkStatus {
  if (reset.usedAt !== null) return "used";
  return reset.expiresAt.getTime() <= now ? "expired" : "valid";
}

export function resetLinkExpiry(now: number): Date {
  return new Date(now + RESET_LINK_TTL_MS);
}

/** The link for a token, on the server's public address (a trailing slash there is fine). */
export function resetLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/u, "")}${RESET_PAGE_PATH}#token=${token}`;
}

/** The token in a reset page's fragment ("#token=…"), or null. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/u, "")).get("token");
  return token && token.length > 0 ? token : null;
}

/**
 * A one-time PIN from random digits (each 0-9, drawn by the caller): the first run of digits that makes an
 * acceptable student PIN, so a reset never hands out "123456". Null if `digits` holds no acceptable run.
 */
export function oneTimePinFrom(digits: readonly number[]): string | null {
  for (let start = 0; start + ONE_TIME_PIN_DIGITS <= digits.length; start += ONE_TIME_PIN_DIGITS) {
    const pin = digits.slice(start, start + ONE_TIME_PIN_DIGITS).join("");
    if (checkPassword(pin, "student") === null) return pin;
  }
  return null;
}
