/** What bench:room's parent and its child processes (students, observers) tell each other over IPC. */

export interface StudentJob {
  kind: "students";
  /** Each student's session (cookies, the CSRF token's among them) and the configuration it trains. */
  students: { url: string; cookie: string; config: unknown }[];
  raceId: string;
  /** Snapshots per second per student. */
  rate: number;
  /** Epoch ms when sending starts (every process starts together). */
  startAt: number;
  /** Epoch ms when sending stops. */
  stopAt: number;
  /** Students also watch the room (receive every tick), as the race page does. */
  watch: boolean;
  /** Seconds between each student's checkpoint uploads (bench:race); none when null. */
  checkpointEverySec: number | null;
}

export interface ObserverJob {
  kind: "observer";
  url: string;
  cookie: string;
  raceId: string;
  /** The race's classroom: its room carries the boards. */
  classroomId: string;
  stopAt: number;
}

/** Per run: when each epoch was first emitted (index = epoch − 1), and how far the server acknowledged. */
export interface StudentResult {
  kind: "students";
  runs: {
    runId: string;
    url: string;
    emittedAt: number[];
    ackMs: number[];
    acked: number;
    refused: number;
    /** Each checkpoint upload: when it was sent, its HTTP status, and the server's verifiedAt when scored. */
    checkpoints: { sentAt: number; status: number; verifiedAt: number | null }[];
  }[];
}

export interface ObserverResult {
  kind: "observer";
  url: string;
  /** runId → when each epoch first appeared in a tick (index = epoch − 1; 0 when never seen). */
  seenAt: Record<string, number[]>;
  ticks: number;
  /** runId → [verifiedAt, when a public board first showed the run ranked by it] for each new verifiedAt. */
  boardSeen: Record<string, [number, number][]>;
  /** First and last tick times (epoch ms). */
  firstTickAt: number;
  lastTickAt: number;
}
