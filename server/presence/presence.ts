/**
 * Who is online in each classroom: a count of open sockets per (classroom, user), so a student with two tabs
 * goes offline only when the last one closes. In memory for one process; in Redis when several processes
 * share rooms, so a teacher on one process sees students connected to another.
 */
import type { RedisClientType } from "redis";

export interface Presence {
  /** Returns true when this made the user go online (first socket). */
  connect(classroomId: string, userId: string): Promise<boolean>;
  /** Returns true when this made the user go offline (last socket). */
  disconnect(classroomId: string, userId: string): Promise<boolean>;
  /** Forgets the user in this classroom whatever their count (they were removed). */
  clear(classroomId: string, userId: string): Promise<void>;
  online(classroomId: string): Promise<Set<string>>;
}

export class MemoryPresence implements Presence {
  private readonly rooms = new Map<string, Map<string, number>>();

  async connect(classroomId: string, userId: string): Promise<boolean> {
    const room = this.rooms.get(classroomId) ?? new Map<string, number>();
    this.rooms.set(classroomId, room);
    const count = (room.get(userId) ?? 0) + 1;
    room.set(userId, count);
    return count === 1;
  }

  async disconnect(classroomId: string, userId: string): Promise<boolean> {
    const room = this.rooms.get(classroomId);
    const count = room?.get(userId);
    if (!room || count === undefined) return false;
    if (count > 1) {
      room.set(userId, count - 1);
      return false;
    }
    room.delete(userId);
    if (room.size === 0) this.rooms.delete(classroomId);
    return true;
  }

  async clear(classroomId: string, userId: string): Promise<void> {
    this.rooms.get(classroomId)?.delete(userId);
  }

  async online(classroomId: string): Promise<Set<string>> {
    return new Set(this.rooms.get(classroomId)?.keys() ?? []);
  }
}

/**
 * Decrements a user's socket count only if they are counted (a removed user's late disconnect must not go
 * negative) and deletes the field at zero, atomically, so two processes disconnecting the same user at once
 * cannot both see "offline" or leave a stale field. Returns the sockets left, or -1 when not counted.
 */
const DECREMENT_PRESENT = `
local count = redis.call('HGET', KEYS[1], ARGV[1])
if not count then return -1 end
local left = tonumber(count) - 1
if left <= 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], left)
return left
`;

/**
 * One Redis hash per classroom: field = user id, value = open sockets across all processes. Known limit: a
 * process that crashes leaves its counts behind until those users' next disconnect or removal.
 */
export class RedisPresence implements Presence {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix: string,
  ) {}

  private key(classroomId: string): string {
    return `${this.prefix}presence:${classroomId}`;
  }

  async connect(classroomId: string, userId: string): Promise<boolean> {
    return (await this.redis.hIncrBy(this.key(classroomId), userId, 1)) === 1;
  }

  async disconnect(classroomId: string, userId: string): Promise<boolean> {
    const left = await this.redis.eval(DECREMENT_PRESENT, { keys: [this.key(classroomId)], arguments: [userId] });
    return left === 0;
  }

  async clear(classroomId: string, userId: string): Promise<void> {
    await this.redis.hDel(this.key(classroomId), userId);
  }

  async online(classroomId: string): Promise<Set<string>> {
    return new Set(await this.redis.hKeys(this.key(classroomId)));
  }
}
