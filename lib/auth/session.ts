/** Session lifetime rules. Time is always passed in (epoch milliseconds) so the rules are testable. */

/** A session lasts this long after it was last used. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Extending the expiry costs a write, so do it at most this often per session. */
export const SESSION_RENEW_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface SessionTimes {
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionStatus = "active" | "expired" | "revoked";

export function sessionStatus(session: SessionTimes, now: number): SessionStatus {
  if (session.revokedAt !== null) return "revoked";
  return session.expiresAt.getTime() <= now ? "expired" : "active";
}

export function sessionExpiry(now: number): Date {
  return new Date(now + SESSION_TTL_MS);
}

/** True when an active session was last renewed long enough ago that its expiry should slide forward. */
export function shouldRenewSession(session: SessionTimes, now: number): boolean {
  return sessionStatus(session, now) === "active" && now - session.lastSeenAt.getTime() >= SESSION_RENEW_INTERVAL_MS;
}
