/**
 * The race area: teachers set up and drive a race; students start runs and stream their epochs; everyone in the
 * race room receives one coalesced `race:tick` about five times a second (volatile: a late one is worth less than
 * the next) and reliable messages for what must not be missed (status changes, runs appearing or ending).
 * Joiners and reconnecting clients fetch the whole state with `race:state`.
 */
import { z } from "zod";
import { TrainingConfigSchema } from "../ml/config";
import { EpochSnapshotSchema } from "../ml/snapshots";
import { RaceRulesSchema } from "../race/rules";
import { RACE_KINDS } from "../race/status";
import { ZRaceStatus, ZRaceTick, ZRunLive, ZRunView, type RaceTick, type RunLive, type RunView } from "../race/views";
import { defineBroadcasts, defineRequests } from "./protocol";

/** How often a room's tick is sent. */
export const RACE_TICK_MS = 200;
/** Epochs in one `run:snapshot` (a reconnect re-sends in batches of this size). */
export const MAX_SNAPSHOT_BATCH = 500;
/** Values in one rollout picture. */
export const MAX_ROLLOUT_VALUES = 4096;

const ZId = z.string().min(1).max(64);
/** Instants in epoch ms; lib/race/homework checks the window itself (order, length) and names what is wrong. */
const ZInstant = z.number({ error: "a time must be a number of milliseconds" }).int().min(0).max(8.64e15);
const ZHomeworkWindow = z.object({ opensAt: ZInstant, closesAt: ZInstant }).strict();

export const ZRaceView = z.object({
  id: z.string(),
  classroomId: z.string(),
  name: z.string(),
  rules: RaceRulesSchema,
  kind: z.enum(RACE_KINDS),
  status: ZRaceStatus,
  createdAt: z.number(),
  startsAt: z.number().nullable(),
  endsAt: z.number().nullable(),
  pausedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type RaceView = z.infer<typeof ZRaceView>;

export const ZRaceState = z.object({
  race: ZRaceView,
  runs: z.array(ZRunView),
  /** Server time when the state was taken (epoch ms): clients correct their clock for the countdown with it. */
  now: z.number(),
});
export type RaceState = z.infer<typeof ZRaceState>;

const raceControl = z.object({ raceId: ZId }).strict();
const raceResult = z.object({ race: ZRaceView });

export const raceRequests = defineRequests({
  /** Races of a classroom, newest first. */
  "race:list": {
    request: z.object({ classroomId: ZId }).strict(),
    /** `now`: server time (epoch ms), so a homework's time left is the server's, whatever the reader's clock says. */
    response: z.object({ races: z.array(ZRaceView), now: z.number() }),
  },
  /**
   * Teacher: a new race; its lobby is open at once (students see it and pick their model). With `homework`, it opens
   * and closes at those instants (epoch ms, UTC) instead, with no lobby and no controls but an early close.
   */
  "race:create": {
    request: z.object({ classroomId: ZId, name: z.string().trim().min(1).max(80), rules: RaceRulesSchema, homework: ZHomeworkWindow.nullable().optional() }).strict(),
    response: raceResult,
  },
  /** Teacher: the countdown starts, then the race runs (until the time limit or the teacher ends it). */
  "race:start": {
    request: z.object({ raceId: ZId, countdownSec: z.number().int().min(0).max(60) }).strict(),
    response: raceResult,
  },
  "race:pause": { request: raceControl, response: raceResult },
  "race:resume": { request: raceControl, response: raceResult },
  /** Teacher: more time (races with a time limit). */
  "race:extend": { request: z.object({ raceId: ZId, seconds: z.number().int().min(10).max(3600) }).strict(), response: raceResult },
  "race:end": { request: raceControl, response: raceResult },
  /** Enter the race room (receive its ticks) and get its full state. Again after every reconnect. */
  "race:state": { request: raceControl, response: ZRaceState },
  /** Student: start a run with a configuration allowed by the rules. The server names the run. */
  "run:start": {
    request: z
      .object({
        raceId: ZId,
        config: TrainingConfigSchema,
        backend: z.string().max(40).nullable(),
        device: z.string().max(200).nullable(),
      })
      .strict(),
    response: z.object({ run: ZRunView }),
  },
  /** Student: epochs of a run, oldest first. Duplicates of stored epochs are skipped, so re-sending is safe. */
  "run:snapshot": {
    request: z.object({ runId: ZId, snapshots: z.array(EpochSnapshotSchema).min(1).max(MAX_SNAPSHOT_BATCH) }).strict(),
    response: z.object({ accepted: z.number().int(), lastEpoch: z.number().int() }),
  },
  /**
   * Student, after a reconnect: the run's last epoch stored durably. The client re-sends everything after it
   * from its own buffer, so neither a dropped connection nor a server restart loses an epoch.
   */
  "run:resume": {
    request: z.object({ runId: ZId }).strict(),
    response: z.object({ lastEpoch: z.number().int(), status: ZRunLive.shape.status }),
  },
  /** Student: a "Correct vs Predicted" picture (every K epochs). */
  "run:rollout": {
    request: z
      .object({
        runId: ZId,
        epoch: z.number().int().positive(),
        mse: z.number().finite().nonnegative(),
        predicted: z.array(z.number().finite()).max(MAX_ROLLOUT_VALUES),
      })
      .strict(),
    response: z.object({}),
  },
  /** Student: the run is over (all epochs done, stopped, or failed). Send the last epochs first. */
  "run:finish": {
    request: z
      .object({
        runId: ZId,
        status: z.enum(["finished", "stopped", "failed"]),
        msPerEpoch: z.number().finite().nonnegative().nullable(),
        /** The tfjs backend and layer implementation the run trained with (known once the worker calibrated). */
        backend: z.string().max(40).nullable().optional(),
      })
      .strict(),
    response: z.object({ run: ZRunLive }),
  },
});

export const raceBroadcasts = defineBroadcasts({
  /** Volatile, about every RACE_TICK_MS while something changed: every run's change since the previous tick. */
  "race:tick": ZRaceTick,
  /** A race was created, opened, started, paused, resumed, extended or ended (to the classroom room). */
  "race:updated": z.object({ race: ZRaceView }),
  /** A run joined the race (to the race room). */
  "race:run-started": z.object({ raceId: z.string(), run: ZRunView }),
  /** A run's status changed (finished, stopped, failed): reliable, unlike ticks. */
  "race:run-updated": z.object({ raceId: z.string(), run: ZRunLive }),
});

/**
 * What server processes tell each other (one inter-server event, through the adapter's serverSideEmit). These are
 * hints, not the truth: a process told that a race's status, its scores or a membership changed reads them from
 * storage itself, and one that sees a gap in a run's curve (ticks between processes may be lost) reads the stored
 * curve. So a late, repeated, reordered or lost message never leaves two processes disagreeing once traffic stops.
 */
export type PeerMessage =
  /** The sender's own runs' changes since its previous tick. */
  | { type: "tick"; tick: RaceTick }
  | { type: "run-started"; raceId: string; run: RunView }
  /** A run of the sender ended (finished, stopped, failed): its whole curve is stored. */
  | { type: "run-updated"; raceId: string; run: RunLive }
  /** The race's row (status, times) changed. */
  | { type: "race-changed"; raceId: string }
  /** A student left or was removed from a classroom: their runs in its races take no more epochs. */
  | { type: "member-removed"; classroomId: string; userId: string };

export interface RaceInterServerEvents {
  "race:peer": (message: PeerMessage) => void;
}
