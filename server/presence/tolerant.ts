/**
 * Presence that never fails a request: when its store (Redis) is away, a change is skipped (logged once per
 * burst) and remembered, reading gives "nobody known online", and the room page still opens. Presence is a
 * courtesy; entering a room, joining or removing a student must not depend on it. When the store is back,
 * server/realtime/presence-rebuild.ts puts this process's sockets back and corrects what the rooms were told,
 * using what was remembered here.
 */
import type { BurstLog } from "../burst-log";
import type { Presence } from "./presence";

export class TolerantPresence implements Presence {
  /** Classroom → users whose presence changed while the store could not record it. */
  private missed = new Map<string, Set<string>>();

  constructor(
    /** The real store: its failures reach whoever calls it directly (the rebuild). */
    readonly store: Presence,
    private readonly burstLog: BurstLog,
  ) {}

  private skipped(classroomId: string, userId: string | null, error: unknown): void {
    this.burstLog.warn("presence unavailable", "presence: store unavailable, change skipped until it is back", { classroomId, error });
    const users = this.missed.get(classroomId) ?? new Set<string>();
    if (userId) users.add(userId);
    this.missed.set(classroomId, users);
  }

  async connect(classroomId: string, userId: string): Promise<boolean> {
    try {
      return await this.store.connect(classroomId, userId);
    } catch (error) {
      this.skipped(classroomId, userId, error);
      return false;
    }
  }

  async disconnect(classroomId: string, userId: string): Promise<boolean> {
    try {
      return await this.store.disconnect(classroomId, userId);
    } catch (error) {
      this.skipped(classroomId, userId, error);
      return false;
    }
  }

  async clear(classroomId: string, userId: string): Promise<void> {
    try {
      await this.store.clear(classroomId, userId);
    } catch (error) {
      this.skipped(classroomId, userId, error);
    }
  }

  async online(classroomId: string): Promise<Set<string>> {
    try {
      return await this.store.online(classroomId);
    } catch (error) {
      this.skipped(classroomId, null, error);
      return new Set();
    }
  }

  restore(classroomId: string, counts: ReadonlyMap<string, number>): Promise<void> {
    return this.store.restore(classroomId, counts);
  }

  /** What changed unrecorded since the last call (classroom → users), forgotten here. */
  takeMissed(): Map<string, Set<string>> {
    const missed = this.missed;
    this.missed = new Map();
    return missed;
  }

  /** Puts back what a failed rebuild took (it is tried again at the next recovery). */
  giveBack(missed: Map<string, Set<string>>): void {
    for (const [classroomId, users] of missed) {
      const kept = this.missed.get(classroomId) ?? new Set<string>();
      for (const user of users) kept.add(user);
      this.missed.set(classroomId, kept);
    }
  }
}
