/** What bench:room's parent and its child processes (students, observers) tell each other over IPC. */

export interface StudentJob {
  kind: "students";
  students: { url: string; cookie: string }[];
  raceId: string;
  /** Snapshots per second per student. */
  rate: number;
  /** Epoch ms when sending starts (every process starts together). */
  startAt: number;
  /** Epoch ms when sending stops. */
  stopAt: number;
  config: unknown;
  /** Students also watch the room (receive every tick), as the race page does. */
  watch: boolean;
}

export interface ObserverJob {
  kind: "observer";
  url: string;
  cookie: string;
  raceId: string;
  stopAt: number;
}

/** Per run: when each epoch was first emitted (index = epoch − 1), and how far the server acknowledged. */
export interface StudentResult {
  kind: "students";
  runs: { runId: string; url: string; emittedAt: number[]; ackMs: number[]; acked: number; refused: number }[];
}

export interface ObserverResult {
  kind: "observer";
  url: string;
  /** runId → when each epoch first appeared in a tick (index = epoch − 1; 0 when never seen). */
  seenAt: Record<string, number[]>;
  ticks: number;
  /** First and last tick times (epoch ms). */
  firstTickAt: number;
  lastTickAt: number;
}
