/**
 * The races this process holds in memory: each one's live room, built from storage the first time the process
 * needs it (a page asks for its state, a student sends epochs after a restart or from another process), and
 * dropped some time after it ended. Also who may still act in a race: membership is checked against storage and
 * remembered briefly, and forgotten at once when a student leaves or is removed (on every process).
 */
import { DEFAULT_ROOM_CAPS, RaceRoom, type RoomCaps } from "@/lib/race/room";
import type { RaceRules } from "@/lib/race/rules";
import type { RaceSchedule } from "@/lib/race/status";
import type { LossPoint, RunDelta } from "@/lib/race/views";
import { configSummary } from "@/lib/runs/config-columns";
import type { AppContext } from "../context";
import type { RunRecord } from "../persistence/records";
import { raceError } from "./errors";
import { scheduleOf } from "./views";

/** An ended race stays in memory this long (late page loads, the podium), then is read from storage again. */
export const ENDED_RACE_RETENTION_MS = 10 * 60 * 1000;
/** A membership seen in storage is trusted this long without asking again (removals are heard at once anyway). */
const MEMBERSHIP_TTL_MS = 30_000;

export interface LoadedRace {
  id: string;
  classroomId: string;
  name: string;
  createdAt: number;
  rules: RaceRules;
  /** As stored in the Race row (the effective status is `settle(stored, now)`). */
  stored: RaceSchedule;
  room: RaceRoom;
  /** Run changes (this process's and its peers') not yet sent to this process's own sockets, one per run. */
  forward: Map<string, RunDelta>;
}

export class RaceRegistry {
  private readonly races = new Map<string, LoadedRace>();
  private readonly loading = new Map<string, Promise<LoadedRace>>();
  /** runId → raceId, for the snapshot path (no database read per snapshot). */
  private readonly runRace = new Map<string, string>();
  /** `classroomId userId` → when the membership was last seen in storage. */
  private readonly members = new Map<string, number>();

  constructor(
    private readonly ctx: AppContext,
    private readonly caps: RoomCaps = DEFAULT_ROOM_CAPS,
  ) {}

  get(raceId: string): LoadedRace | undefined {
    return this.races.get(raceId);
  }

  all(): IterableIterator<LoadedRace> {
    return this.races.values();
  }

  raceOfRun(runId: string): string | undefined {
    return this.runRace.get(runId);
  }

  indexRun(runId: string, raceId: string): void {
    this.runRace.set(runId, raceId);
  }

  /** The race's live room, built from storage the first time this process needs it. */
  load(raceId: string): Promise<LoadedRace> {
    const loaded = this.races.get(raceId);
    if (loaded) return Promise.resolve(loaded);
    let pending = this.loading.get(raceId);
    if (!pending) {
      pending = this.build(raceId).finally(() => this.loading.delete(raceId));
      this.loading.set(raceId, pending);
    }
    return pending;
  }

  /** Ended long enough ago that the next need reads it from storage again. */
  expired(race: LoadedRace, now: number): boolean {
    return race.stored.status === "ended" && race.stored.endedAt !== null && now - race.stored.endedAt > ENDED_RACE_RETENTION_MS;
  }

  forget(race: LoadedRace): void {
    this.races.delete(race.id);
    for (const run of race.room.all()) this.runRace.delete(run.runId);
  }

  /** Whether the user is still a member of the classroom (a removed student's socket may still be open). */
  async isMember(classroomId: string, userId: string): Promise<boolean> {
    const key = `${classroomId} ${userId}`;
    const now = this.ctx.clock.now();
    const seen = this.members.get(key);
    if (seen !== undefined && now - seen < MEMBERSHIP_TTL_MS) return true;
    const member = (await this.ctx.repos.memberships.find(classroomId, userId)) !== null;
    if (member) this.members.set(key, now);
    else this.members.delete(key);
    return member;
  }

  memberRemoved(classroomId: string, userId: string): void {
    this.members.delete(`${classroomId} ${userId}`);
  }

  /** A run as stored, added to the race's room as mirrored (nobody here receives its epochs yet). */
  async addStoredRun(race: LoadedRace, row: RunRecord, names?: Map<string, string>): Promise<void> {
    const displayName = names?.get(row.userId) ?? (await this.ctx.repos.memberships.find(race.classroomId, row.userId))?.displayName ?? "?";
    const points: LossPoint[] = (await this.ctx.repos.runs.readCurve(row.id)).map((p) => [p.epoch, p.trainLoss, p.valLoss]);
    const last = points[points.length - 1];
    race.room.addRun({
      runId: row.id,
      userId: row.userId,
      displayName,
      config: configSummary(row.config),
      plannedEpochs: Math.min(row.config.epochs, race.rules.budget.maxEpochs),
      startedAt: row.startedAt.getTime(),
      status: row.status,
      lastEpoch: last?.[0] ?? 0,
      trainLoss: last?.[1] ?? row.finalTrainLoss,
      valLoss: last?.[2] ?? row.finalValLoss,
      msPerEpoch: row.msPerEpoch,
      points,
      rollout: null,
      owned: false,
    });
    this.runRace.set(row.id, race.id);
  }

  private async build(raceId: string): Promise<LoadedRace> {
    const record = await this.ctx.repos.races.findById(raceId);
    if (!record) throw raceError("unknown_race");
    const race: LoadedRace = {
      id: raceId,
      classroomId: record.classroomId,
      name: record.name,
      createdAt: record.createdAt.getTime(),
      rules: record.rules,
      stored: scheduleOf(record),
      room: new RaceRoom(raceId, this.caps),
      forward: new Map(),
    };
    const rows = await this.ctx.repos.runs.listForRace(raceId);
    if (rows.length > 0) {
      const names = new Map((await this.ctx.repos.memberships.list(record.classroomId)).map((m) => [m.userId, m.displayName]));
      for (const row of rows) await this.addStoredRun(race, row, names);
    }
    // Loading took a while; another call may have finished first.
    const existing = this.races.get(raceId);
    if (existing) return existing;
    this.races.set(raceId, race);
    return race;
  }
}
