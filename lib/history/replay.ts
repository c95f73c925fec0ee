/**
 * The race replay's timeline: every run's stored snapshots placed on the race's clock (the run's start offset
 * plus each epoch's `tMs`), and what is visible at a given instant. Pure: the page owns the animation clock.
 */
export interface ReplayPoint {
  epoch: number;
  trainLoss: number;
  valLoss: number | null;
  /** Milliseconds since the run started. */
  tMs: number;
}

export interface ReplayRunInput {
  runId: string;
  label: string;
  startedAt: Date;
  points: readonly ReplayPoint[];
}

export interface ReplayTrack {
  runId: string;
  label: string;
  /** Milliseconds from the timeline's origin to the run's start. */
  offsetMs: number;
  points: readonly ReplayPoint[];
  /** Race-clock time of each point (offset + tMs), non-decreasing. */
  times: Float64Array;
}

export interface ReplayTimeline {
  /** The race's start (or the first run's start when the race has none). */
  origin: Date;
  durationMs: number;
  maxEpoch: number;
  tracks: ReplayTrack[];
}

export function buildTimeline(runs: readonly ReplayRunInput[], raceStart: Date | null): ReplayTimeline {
  const firstStart = runs.length ? Math.min(...runs.map((run) => run.startedAt.getTime())) : 0;
  const origin = raceStart && (runs.length === 0 || raceStart.getTime() <= firstStart) ? raceStart : new Date(firstStart);
  let durationMs = 0;
  let maxEpoch = 0;
  const tracks = runs.map((run) => {
    const offsetMs = run.startedAt.getTime() - origin.getTime();
    const points = [...run.points].sort((a, b) => a.epoch - b.epoch);
    const times = new Float64Array(points.length);
    let previous = offsetMs;
    points.forEach((point, i) => {
      // Time offsets come from the student's device; a clock that stepped backwards must not reorder the curve.
      previous = Math.max(previous, offsetMs + point.tMs);
      times[i] = previous;
    });
    if (points.length) {
      durationMs = Math.max(durationMs, times[points.length - 1]!);
      maxEpoch = Math.max(maxEpoch, points[points.length - 1]!.epoch);
    }
    return { runId: run.runId, label: run.label, offsetMs, points, times };
  });
  return { origin, durationMs, maxEpoch, tracks };
}

/** How many of the track's points have happened by race time `tMs` (binary search: called every frame). */
export function visibleCount(track: ReplayTrack, tMs: number): number {
  let lo = 0;
  let hi = track.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (track.times[mid]! <= tMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The replay state at time `tMs`: each track's visible points and its latest loss, leader first. */
export function frameAt(timeline: ReplayTimeline, tMs: number): { runId: string; label: string; visible: readonly ReplayPoint[]; latest: ReplayPoint | null }[] {
  return timeline.tracks
    .map((track) => {
      const count = visibleCount(track, tMs);
      const visible = track.points.slice(0, count);
      return { runId: track.runId, label: track.label, visible, latest: visible.at(-1) ?? null };
    })
    .sort((a, b) => (a.latest?.trainLoss ?? Infinity) - (b.latest?.trainLoss ?? Infinity));
}

/** Advances the replay clock by a frame's wall time at a playback speed, stopping at the end. */
export function advance(tMs: number, elapsedMs: number, speed: number, durationMs: number): { tMs: number; ended: boolean } {
  const next = Math.min(durationMs, tMs + Math.max(0, elapsedMs) * speed);
  return { tMs: next, ended: next >= durationMs };
}

/** A leader of the public board from an instant on (lib/race/standings leaderTimeline, `at` as sent). */
export interface ReplayLeader {
  at: string;
  userId: string;
  displayName: string;
  runId: string;
  score: number;
}

/** Who led at race time `tMs`: the last leader from before it (null before the first verification). */
export function leaderAt<L extends ReplayLeader>(leaders: readonly L[], origin: Date, tMs: number): L | null {
  let found: L | null = null;
  for (const leader of leaders) {
    if (Date.parse(leader.at) - origin.getTime() > tMs) break;
    found = leader;
  }
  return found;
}
