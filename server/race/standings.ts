/**
 * A race's verified scores and its final standings. Scores are read from storage by every process itself (never
 * forwarded), so a late or reordered message can never put an older score back; this process's watchers are sent
 * the runs whose score moved, reliably (a finished run ticks no more). Once the race is over its final standings
 * are written, and written again whenever its scores change (late uploads, the reveal), guarded by a version
 * read before the scores (lib/race/result-version) so a slower writer never stores older standings last.
 */
import { selfReportedScore, standings } from "@/lib/race/ranking";
import { configSummary } from "@/lib/runs/config-columns";
import type { AppContext } from "../context";
import { SerialRefresh } from "./coalesce";
import type { RaceFanout } from "./fanout";
import type { LoadedRace, RaceRegistry } from "./registry";

export class RaceStandings {
  private readonly reads = new SerialRefresh();

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RaceRegistry,
    private readonly fanout: RaceFanout,
  ) {}

  /**
   * Some of the race's verified scores changed in storage (here or, told by a peer, elsewhere). Resolves when this
   * process has them; once the race is over, its final standings are written again.
   */
  async changed(raceId: string): Promise<void> {
    let race = this.registry.get(raceId);
    if (!race) {
      // No socket here watches the race (it would be loaded): only its final standings, once it is over, need
      // this process, so a running race is not loaded (every curve read) just for an upload.
      if ((await this.ctx.repos.races.findById(raceId))?.status !== "ended") return;
      race = await this.registry.load(raceId);
    }
    if (race.stored.status === "ended") await this.writeFinal(race);
    else await this.refresh(race);
  }

  /** Reads the race's verified scores into its room and sends this process's watchers those that moved. */
  refresh(race: LoadedRace): Promise<void> {
    return this.reads.request(race.id, async () => {
      const rows = await this.ctx.repos.runs.listForRace(race.id);
      const changed = race.room.setVerifiedScores(new Map(rows.map((row) => [row.id, row.verifiedScore])));
      if (changed.length > 0) {
        this.fanout.toLocalRace(race.id, "race:scores", { raceId: race.id, scores: changed.map(({ runId, score }) => ({ runId, score })) });
      }
    });
  }

  /**
   * The final standings (verified scores; a student without one is listed unranked after the ranked ones), each
   * run's numbers, config and self-reported loss, from storage: this process may not have heard of every run yet.
   * Several processes may write them at nearly the same moment; the version read *before* the scores makes the one
   * that read older scores lose even when it writes last.
   */
  async writeFinal(race: LoadedRace): Promise<void> {
    const version = await this.ctx.repos.races.resultVersion(race.id);
    await this.refresh(race);
    if (!version) return;
    const [rows, members] = await Promise.all([this.ctx.repos.runs.listForRace(race.id), this.ctx.repos.memberships.list(race.classroomId)]);
    const names = new Map(members.map((m) => [m.userId, m.displayName]));
    const runs = rows.map((row) => ({
      runId: row.id,
      userId: row.userId,
      displayName: names.get(row.userId) ?? "?",
      config: configSummary(row.config),
      status: row.status,
      lastEpoch: row.lastEpoch,
      trainLoss: row.finalTrainLoss,
      valLoss: row.finalValLoss,
      msPerEpoch: row.msPerEpoch,
      score: row.verifiedScore,
    }));
    const result = {
      standings: standings(runs, (run) => run.score),
      runs: runs.map((run) => ({ ...run, selfReported: selfReportedScore(run) })),
    };
    if ((await this.ctx.repos.races.writeResult(race.id, version, result)) === "stale") {
      this.ctx.logger.debug("race: newer final standings were already stored", { raceId: race.id, version });
    }
  }
}
