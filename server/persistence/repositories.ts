/**
 * Repository interfaces: everything the server stores goes through these, so the storage behind them can change
 * (SQLite, PostgreSQL) without touching handlers, and one contract suite (test/integration/persistence) checks
 * every implementation. A new area adds its own interface file here and its field to `Repositories`.
 */
import type { CurvePoint } from "@/lib/runs/curve";
import type {
  CheckpointRecord,
  ClassroomListing,
  ClassroomRecord,
  DatasetRecord,
  DatasetSummaryRecord,
  MembershipRecord,
  NewRunRecord,
  PasswordResetRecord,
  RaceRecord,
  RolloutRecord,
  RunFinish,
  RunRecord,
  RunStandingRecord,
  SessionRecord,
  SubmissionRecord,
  UserRecord,
} from "./records";
import type { HistoryRepository } from "./history";
import type { Locale } from "@/lib/i18n/locales";

export interface UserRepository {
  /** Fails with "email_taken" when another account already uses the address. */
  createTeacher(user: UserRecord): Promise<"ok" | "email_taken">;
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Remembers the person's language; false when there is no such user. */
  setLocale(id: string, locale: Locale): Promise<boolean>;
  /**
   * Replaces the password hash and whether a change is required, and revokes every active session of the user
   * but `keepSession` (the one that chose the new password), in one transaction: an old session never outlives
   * the password it was opened with. False when there is no such user (nothing changes).
   */
  setPassword(id: string, change: PasswordChange): Promise<boolean>;
}

export interface PasswordChange {
  passwordHash: string;
  changeRequired: boolean;
  at: Date;
  keepSession: string | null;
}

export type ResetRedemption = { outcome: "ok"; user: UserRecord } | { outcome: "unknown" | "expired" | "used" };

export interface PasswordResetRepository {
  create(reset: PasswordResetRecord): Promise<void>;
  find(idHash: string): Promise<PasswordResetRecord | null>;
  /**
   * Uses the link if it is still unused and unexpired at `at`: marks it (and every other open link of the user)
   * used, sets the new password hash, clears a required change and revokes all the user's sessions, in one
   * transaction. Two simultaneous redemptions of one link: exactly one succeeds. Otherwise nothing changes.
   */
  redeem(idHash: string, passwordHash: string, at: Date): Promise<ResetRedemption>;
  /** Forgets links that expired before `now` (housekeeping). */
  deleteExpired(now: Date): Promise<number>;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** The session and its user, whatever the session's status (callers decide with lib/auth/session). */
  findWithUser(idHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  renew(idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  /** Returns false when there was no such active session. */
  revoke(idHash: string, at: Date): Promise<boolean>;
  deleteExpired(now: Date): Promise<number>;
}

export type CodeLookup = { classroom: ClassroomRecord; retired: boolean } | null;

export interface ClassroomRepository {
  /** Creates the classroom, its first join code and the owner's teacher membership in one transaction. */
  create(classroom: ClassroomRecord, owner: MembershipRecord): Promise<void>;
  findById(id: string): Promise<ClassroomRecord | null>;
  /** Finds the classroom a code belongs or belonged to; `retired` tells an old code from the current one. */
  findByCode(code: string): Promise<CodeLookup>;
  listForUser(userId: string): Promise<ClassroomListing[]>;
  setLocked(id: string, locked: boolean): Promise<ClassroomRecord | null>;
  setArchivedAt(id: string, archivedAt: Date | null): Promise<ClassroomRecord | null>;
  /** Retires the current code and makes `newCode` current, atomically. */
  rotateCode(id: string, newCode: string, at: Date): Promise<ClassroomRecord | null>;
}

export type AddMemberOutcome = "ok" | "name_taken" | "already_member";

export interface MembershipRepository {
  find(classroomId: string, userId: string): Promise<MembershipRecord | null>;
  findByNameKey(classroomId: string, displayNameKey: string): Promise<{ membership: MembershipRecord; user: UserRecord } | null>;
  /** Members ordered teachers first, then by join time. */
  list(classroomId: string): Promise<MembershipRecord[]>;
  add(membership: MembershipRecord): Promise<AddMemberOutcome>;
  /** Creates a student account and its first membership together: a failed join leaves no orphan account. */
  addWithNewStudent(user: UserRecord, membership: MembershipRecord): Promise<AddMemberOutcome>;
  /** Returns false when there was no such membership. */
  remove(classroomId: string, userId: string): Promise<boolean>;
}

/** The part of a race row a transition is conditional on. */
export type RaceScheduleRow = Pick<RaceRecord, "status" | "endsAt" | "pausedAt">;

export type RaceUpdate = Partial<Pick<RaceRecord, "status" | "startsAt" | "endsAt" | "pausedAt" | "endedAt" | "revealedAt" | "rules" | "name">>;

export interface RaceRepository {
  create(race: RaceRecord): Promise<void>;
  findById(id: string): Promise<RaceRecord | null>;
  /** Newest first. */
  listForClassroom(classroomId: string): Promise<RaceRecord[]>;
  /** Races not ended, across classrooms: what a restarted server resumes. */
  listActive(): Promise<RaceRecord[]>;
  update(id: string, changes: RaceUpdate): Promise<RaceRecord | null>;
  /**
   * Updates only if the stored schedule is still `from` (status, deadline and pause, as last read): several server
   * processes may apply the same timed transition, or a teacher control may meet a change another process just
   * made (two "+1 minute" at once must both count). Null when it was not.
   */
  transition(id: string, from: RaceScheduleRow, changes: RaceUpdate): Promise<RaceRecord | null>;
}

export interface CheckpointRepository {
  /** Stores a checkpoint and, unless a later one is already there, makes it its run's latest (one transaction). */
  create(checkpoint: CheckpointRecord): Promise<void>;
  /**
   * Every checkpoint of the race, oldest first: the replay's "leading at this moment" needs them all. A board
   * needs only each run's latest, which the run rows carry (RunRecord.checkpointScore…).
   */
  listForRace(raceId: string): Promise<CheckpointRecord[]>;
}

export interface AppendResult {
  /** The run's curve is stored through this epoch after the call. */
  lastEpoch: number;
  /** Epochs this call stored. */
  stored: number;
  /** Set when some epochs were past a gap and not stored: re-send from this epoch. */
  missingFrom: number | null;
}

export interface RunRepository {
  create(run: NewRunRecord): Promise<void>;
  findById(id: string): Promise<RunRecord | null>;
  listForRace(raceId: string): Promise<RunRecord[]>;
  /** The race's runs as its standings need them: a board is computed several times a second in a busy race. */
  standingsForRace(raceId: string): Promise<RunStandingRecord[]>;
  /**
   * Stores the epochs that extend the curve (consecutive from lastEpoch + 1; repeats ignored) as one chunk and
   * advances lastEpoch and the latest losses, in one transaction. Unknown run: null.
   */
  appendCurve(runId: string, points: readonly CurvePoint[]): Promise<AppendResult | null>;
  readCurve(runId: string): Promise<CurvePoint[]>;
  /** A second rollout at the same epoch replaces the first. */
  addRollout(runId: string, rollout: RolloutRecord): Promise<void>;
  readRollouts(runId: string): Promise<RolloutRecord[]>;
  /** Ends a running run; false when it was not running (already finished, or unknown). */
  finish(runId: string, finish: RunFinish): Promise<boolean>;
  saveWeights(runId: string, data: Uint8Array, at: Date): Promise<void>;
  /**
   * Stores a run that ended before it was recorded (a model imported from PyTorch): the run, its end and losses,
   * its rollout picture and its weights, in one transaction, so a failure leaves no half-stored run.
   */
  createEnded(run: NewRunRecord, end: RunFinish, rollout: RolloutRecord, weights: Uint8Array): Promise<void>;
  readWeights(runId: string): Promise<Uint8Array | null>;
  setVerifiedScore(runId: string, score: number | null): Promise<void>;
}

export interface NewSubmission {
  submission: SubmissionRecord;
  /** The uploaded LRWT file, kept as verified. */
  weights: Uint8Array;
  /** The race's submission limit per student. */
  limit: number;
  /** The run's verified score given all its submissions, this one included (lib/scoring/board). */
  runScore(runSubmissions: readonly SubmissionRecord[]): number | null;
}

export interface SubmissionRepository {
  /**
   * Stores a verified submission and updates its run's verifiedScore in one transaction, unless the student
   * already has `limit` submissions in the race, or the private board was revealed meanwhile: then nothing is
   * stored. Concurrent uploads to one race, and the reveal, are serialised on the race's row, so the limit holds
   * across server processes and no run keeps a public score after the reveal has published the hidden ones.
   */
  create(input: NewSubmission): Promise<{ outcome: "ok" | "limit_reached" | "revealed"; /** The student's submissions in the race afterwards. */ count: number }>;
  /** Oldest first (weights not included). */
  listForRace(raceId: string): Promise<SubmissionRecord[]>;
  countForUser(raceId: string, userId: string): Promise<number>;
  readWeights(id: string): Promise<Uint8Array | null>;
}

export type DatasetDeletion = "deleted" | "in_use" | "missing";

export interface DatasetRepository {
  /**
   * Stores a dataset unless its library (the classroom's, or the owner's private one) already holds `limit`: the
   * count and the insert are serialised on the library's row, so simultaneous uploads cannot pass the limit.
   */
  create(dataset: DatasetRecord, limit: number): Promise<"ok" | "limit_reached">;
  /** With its values and times. */
  findById(id: string): Promise<DatasetRecord | null>;
  /** A classroom's library, newest first. */
  listForClassroom(classroomId: string): Promise<DatasetSummaryRecord[]>;
  /** A user's private datasets (no classroom), newest first. */
  listPrivate(ownerId: string): Promise<DatasetSummaryRecord[]>;
  /** Deletes it unless a run or a race uses it, in one transaction. */
  delete(id: string): Promise<DatasetDeletion>;
}

export interface Repositories {
  users: UserRepository;
  sessions: SessionRepository;
  passwordResets: PasswordResetRepository;
  classrooms: ClassroomRepository;
  memberships: MembershipRepository;
  races: RaceRepository;
  runs: RunRepository;
  history: HistoryRepository;
  submissions: SubmissionRepository;
  checkpoints: CheckpointRepository;
  datasets: DatasetRepository;
}
