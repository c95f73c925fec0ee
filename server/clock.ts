/** The one source of "now" on the server, passed to lib/ code, so tests can control time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
