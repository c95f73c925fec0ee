/** Starting, resolving and ending sessions (the cookie token ↔ the stored, hashed session). */
import { sessionExpiry, sessionStatus, shouldRenewSession } from "@/lib/auth/session";
import type { Clock } from "../clock";
import type { SessionRecord, UserRecord } from "../persistence/records";
import type { SessionRepository } from "../persistence/repositories";
import { hashSessionToken, isWellFormedToken, newSessionToken } from "../security/tokens";

export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
}

export interface SessionService {
  /** Returns the token for the cookie. */
  start(userId: string): Promise<{ token: string; session: SessionRecord }>;
  /** The active session behind a cookie token, or null (unknown, forged, expired or revoked). */
  resolve(token: string | undefined): Promise<ActiveSession | null>;
  end(idHash: string): Promise<void>;
  idHashOf(token: string): string;
}

export function createSessionService(repo: SessionRepository, secret: string, clock: Clock): SessionService {
  return {
    async start(userId) {
      const token = newSessionToken();
      const now = clock.now();
      const session: SessionRecord = {
        idHash: hashSessionToken(secret, token),
        userId,
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        expiresAt: sessionExpiry(now),
        revokedAt: null,
      };
      await repo.create(session);
      return { token, session };
    },

    async resolve(token) {
      if (!token || !isWellFormedToken(token)) return null;
      const found = await repo.findWithUser(hashSessionToken(secret, token));
      if (!found) return null;
      const now = clock.now();
      if (sessionStatus(found.session, now) !== "active") return null;
      if (shouldRenewSession(found.session, now)) {
        const renewed = { ...found.session, lastSeenAt: new Date(now), expiresAt: sessionExpiry(now) };
        await repo.renew(renewed.idHash, renewed.lastSeenAt, renewed.expiresAt);
        return { session: renewed, user: found.user };
      }
      return found;
    },

    async end(idHash) {
      await repo.revoke(idHash, new Date(clock.now()));
    },

    idHashOf(token) {
      return hashSessionToken(secret, token);
    },
  };
}
