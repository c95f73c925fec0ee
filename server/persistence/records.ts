/** What repositories return: plain records, independent of Prisma's generated types. */
import type { AccountKind } from "@/lib/auth/password";
import type { Role } from "@/lib/classroom/rules";
import type { Scaling } from "@/lib/data/scaling";
import type { TrainingConfig } from "@/lib/ml/config";
import type { RaceRules } from "@/lib/race/rules";
import type { RaceKind } from "@/lib/race/status";
import type { Locale } from "@/lib/i18n/locales";

export interface UserRecord {
  id: string;
  kind: AccountKind;
  email: string | null;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
  /** The language the person chose; null until they choose one. */
  locale: Locale | null;
  /**
   * A teacher reset the person's PIN: until they choose their own, their sessions may do nothing else. Absent
   * (false) on new accounts, whose password the person chose; repositories always read it.
   */
  passwordChangeRequired?: boolean;
}

/** A teacher's one-time password reset link, as stored: the hash of its token, never the token. */
export interface PasswordResetRecord {
  idHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export interface ClassroomRecord {
  id: string;
  name: string;
  ownerId: string;
  locked: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  /** The current join code, canonical form (no dash). */
  joinCode: string;
}

export interface MembershipRecord {
  classroomId: string;
  userId: string;
  role: Role;
  displayName: string;
  displayNameKey: string;
  joinedAt: Date;
}

/** A classroom as listed on someone's dashboard. */
export interface ClassroomListing {
  classroom: ClassroomRecord;
  role: Role;
  studentCount: number;
}

export type RaceStatus = "lobby" | "countdown" | "running" | "paused" | "ended";

export interface RaceRecord {
  id: string;
  classroomId: string;
  createdById: string;
  name: string;
  /** Validated with RaceRulesSchema (lib/race/rules) when written; parsed again when read. */
  rules: RaceRules;
  /** A homework race's window is `startsAt`..`endsAt` (lib/race/homework). */
  kind: RaceKind;
  status: RaceStatus;
  createdAt: Date;
  startsAt: Date | null;
  endsAt: Date | null;
  pausedAt: Date | null;
  endedAt: Date | null;
  /** Secret: never put it in anything sent to a client. */
  hiddenSeed: number;
  revealedAt: Date | null;
}

/** What a race's standings need of each of its runs (lib/race/standings): no configuration, no curve. */
export type RunStandingRecord = Pick<RunRecord, "id" | "userId" | "startedAt" | "finishedAt" | "claimedLoss" | "checkpointScore" | "checkpointAt" | "checkpointEpoch">;

/** A verified checkpoint (its weights are not kept): lib/race/standings' CheckpointEntry, stored. */
export interface CheckpointRecord {
  id: string;
  raceId: string;
  runId: string;
  userId: string;
  createdAt: Date;
  epoch: number;
  publicScore: number;
}

/** "imported": trained in PyTorch and uploaded to the Playground (never in a race). */
export type RunKind = "playground" | "race" | "imported";
export type RunStatus = "running" | "finished" | "stopped" | "failed";

export interface RunRecord {
  id: string;
  userId: string;
  classroomId: string | null;
  raceId: string | null;
  kind: RunKind;
  config: TrainingConfig;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  /** Highest epoch stored: the curve is complete from epoch 1 to here. */
  lastEpoch: number;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number | null;
  backend: string | null;
  device: string | null;
  verifiedScore: number | null;
  claimedLoss: number | null;
  note: string | null;
  /** The run's latest verified checkpoint (race runs): its public score, when and at which epoch. */
  checkpointScore: number | null;
  checkpointAt: Date | null;
  checkpointEpoch: number | null;
}

export type NewRunRecord = Pick<RunRecord, "id" | "userId" | "classroomId" | "raceId" | "kind" | "config" | "startedAt"> &
  Partial<Pick<RunRecord, "backend" | "device">>;

export interface RunFinish {
  status: Exclude<RunStatus, "running">;
  finishedAt: Date;
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  msPerEpoch: number | null;
  claimedLoss?: number | null;
  backend?: string | null;
  device?: string | null;
}

export interface RolloutRecord {
  epoch: number;
  mse: number;
  predicted: number[];
}

/** Weights a student uploaded in a race, with the scores the server computed (lib/scoring). */
export interface SubmissionRecord {
  id: string;
  raceId: string;
  runId: string;
  userId: string;
  createdAt: Date;
  /** What the client claimed: kept for the record, never ranked. */
  claimedMse: number | null;
  /** Null: not finite on the visible validation windows (unscorable: uses up a submission, never counted). */
  publicScore: number | null;
  /** Null: not finite on the hidden data (the model diverged there; ranked last after the reveal). */
  privateScore: number | null;
  rolloutScore: number | null;
  /** sha256 of the parameters (server/scoring/worker), null on rows stored before it existed. */
  paramsHash: string | null;
}

/** A series in a data library (see the Dataset model): a classroom's, or a user's own when `classroomId` is null. */
export interface DatasetRecord {
  id: string;
  ownerId: string;
  classroomId: string | null;
  name: string;
  values: Float64Array;
  /** One label per value, or null. */
  times: string[] | null;
  valueColumn: string | null;
  timeColumn: string | null;
  scaling: Scaling;
  fileName: string | null;
  createdAt: Date;
}

/** A dataset as listed: everything but its values and times. */
export type DatasetSummaryRecord = Omit<DatasetRecord, "values" | "times"> & { length: number };
