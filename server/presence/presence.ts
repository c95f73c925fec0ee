/**
 * Who is online in each classroom: a count of open sockets per (classroom, user), so a student with two tabs
 * goes offline only when the last one closes. In memory for one process; in Redis when several processes
 * share rooms, so a teacher on one process sees students connected to another.
 */
import type { RedisRunner } from "../redis";

export interface Presence {
  /** Returns true when this made the user go online (first socket). */
  connect(classroomId: string, userId: string): Promise<boolean>;
  /** Returns true when this made the user go offline (last socket). */
  disconnect(classroomId: string, userId: string): Promise<boolean>;
  /** Forgets the user in this classroom whatever their count (they were removed). */
  clear(classroomId: string, userId: string): Promise<void>;
  online(classroomId: string): Promise<Set<string>>;
  /**
   * Replaces this process's counts in a classroom with `counts` (user → sockets), e.g. after Redis came back
   * empty or missed updates during an outage; other processes' counts are untouched.
   */
  restore(classroomId: string, counts: ReadonlyMap<string, number>): Promise<void>;
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

  async restore(classroomId: string, counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) this.rooms.delete(classroomId);
    else this.rooms.set(classroomId, new Map(counts));
  }
}

/*
 * In Redis, each process keeps its own counts: a hash per (classroom, process) of user → open sockets, and a set
 * per classroom naming the processes with a hash there. A user is online while any process counts them. Owning
 * its counts lets a process put exactly its own sockets back after Redis lost them or missed updates (restore),
 * without double-counting and without touching its peers'. Every step is one script, so two processes changing
 * the same user at once cannot both see "went online" or leave a stale count. (Scripts name the process hashes
 * they derive from ARGV, so this needs a single Redis, not a Redis Cluster.)
 */

/** KEYS[1] = the classroom's process set; ARGV = hash prefix, process, user. Returns 1 when the user went online. */
const CONNECT = `
local mine = ARGV[1] .. ARGV[2]
redis.call('SADD', KEYS[1], ARGV[2])
if redis.call('HINCRBY', mine, ARGV[3], 1) > 1 then return 0 end
for _, proc in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if proc ~= ARGV[2] and redis.call('HEXISTS', ARGV[1] .. proc, ARGV[3]) == 1 then return 0 end
end
return 1
`;

/** Same keys; only counts this process holds go down (a removed user's late disconnect changes nothing). Returns 1 when the user went offline. */
const DISCONNECT = `
local mine = ARGV[1] .. ARGV[2]
local count = redis.call('HGET', mine, ARGV[3])
if not count then return 0 end
if tonumber(count) > 1 then
  redis.call('HINCRBY', mine, ARGV[3], -1)
  return 0
end
redis.call('HDEL', mine, ARGV[3])
if redis.call('EXISTS', mine) == 0 then redis.call('SREM', KEYS[1], ARGV[2]) end
for _, proc in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HEXISTS', ARGV[1] .. proc, ARGV[3]) == 1 then return 0 end
end
return 1
`;

/** KEYS[1] = process set; ARGV = hash prefix, user: forgets the user on every process. */
const CLEAR = `
for _, proc in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('HDEL', ARGV[1] .. proc, ARGV[2])
  if redis.call('EXISTS', ARGV[1] .. proc) == 0 then redis.call('SREM', KEYS[1], proc) end
end
return 0
`;

/** KEYS[1] = process set; ARGV = hash prefix. Every user some process counts (repeats possible). */
const ONLINE = `
local users = {}
for _, proc in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  for _, user in ipairs(redis.call('HKEYS', ARGV[1] .. proc)) do users[#users + 1] = user end
end
return users
`;

/** KEYS[1] = process set; ARGV = hash prefix, process, then user, count pairs: this process's counts, replaced. */
const RESTORE = `
local mine = ARGV[1] .. ARGV[2]
redis.call('DEL', mine)
for i = 3, #ARGV, 2 do redis.call('HSET', mine, ARGV[i], ARGV[i + 1]) end
if #ARGV > 2 then redis.call('SADD', KEYS[1], ARGV[2]) else redis.call('SREM', KEYS[1], ARGV[2]) end
return 0
`;

/** Known limit: a process that crashes leaves its counts behind, so its users look online until they are removed. */
export class RedisPresence implements Presence {
  constructor(
    private readonly redis: RedisRunner,
    private readonly prefix: string,
    /** This process's id among the processes sharing Redis. */
    private readonly process: string,
  ) {}

  private keys(classroomId: string): { keys: string[]; hashes: string } {
    return { keys: [`${this.prefix}presence:${classroomId}:procs`], hashes: `${this.prefix}presence:${classroomId}:proc:` };
  }

  private script(script: string, classroomId: string, args: string[]): Promise<unknown> {
    const { keys, hashes } = this.keys(classroomId);
    return this.redis.run((client) => client.eval(script, { keys, arguments: [hashes, ...args] }));
  }

  async connect(classroomId: string, userId: string): Promise<boolean> {
    return (await this.script(CONNECT, classroomId, [this.process, userId])) === 1;
  }

  async disconnect(classroomId: string, userId: string): Promise<boolean> {
    return (await this.script(DISCONNECT, classroomId, [this.process, userId])) === 1;
  }

  async clear(classroomId: string, userId: string): Promise<void> {
    await this.script(CLEAR, classroomId, [userId]);
  }

  async online(classroomId: string): Promise<Set<string>> {
    return new Set((await this.script(ONLINE, classroomId, [])) as string[]);
  }

  async restore(classroomId: string, counts: ReadonlyMap<string, number>): Promise<void> {
    await this.script(RESTORE, classroomId, [this.process, ...[...counts].flatMap(([userId, count]) => [userId, String(count)])]);
  }
}
