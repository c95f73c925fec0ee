/**
 * Secrets of account recovery. A reset link's token is 32 random bytes; the database keeps its SHA-256 only (a
 * 256-bit random token needs no key to be safe to hash, and so the admin command can issue links without the
 * server's secret). A one-time PIN is six random digits.
 */
import { createHash, randomInt } from "node:crypto";
import { oneTimePinFrom } from "@/lib/auth/recovery";
import { isWellFormedToken, newSessionToken } from "./tokens";

export function newResetToken(): string {
  return newSessionToken();
}

export { isWellFormedToken as isWellFormedResetToken };

export function hashResetToken(token: string): string {
  return createHash("sha256").update(`reset:${token}`).digest("base64url");
}

export function newOneTimePin(): string {
  // A trivial draw (all one digit, a straight run) has a chance of about 1 in 50,000: the loop ends at once.
  for (;;) {
    const pin = oneTimePinFrom(Array.from({ length: 6 }, () => randomInt(10)));
    if (pin) return pin;
  }
}
