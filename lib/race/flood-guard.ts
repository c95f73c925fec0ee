/**
 * The budget of one socket, charged for every event it sends: token buckets for messages, epochs (the work an
 * event carries: a snapshot batch costs its epochs, a rollout picture one) and bytes, plus strikes for events
 * refused by them. A page pacing itself (the race page batches epochs every ~100 ms, the room page sends a few
 * requests when it opens) never meets the limits; a runaway or hostile client is throttled (its events refused,
 * state unchanged) and, when it keeps going, disconnected. Pure: the caller passes the time.
 */

export interface FloodRules {
  messagesPerSec: number;
  messageBurst: number;
  epochsPerSec: number;
  epochBurst: number;
  bytesPerSec: number;
  byteBurst: number;
  /** Refusals tolerated (one is forgiven per second) before the socket is disconnected. */
  strikeLimit: number;
}

export const DEFAULT_FLOOD_RULES: FloodRules = {
  messagesPerSec: 20,
  messageBurst: 40,
  // A tiny model on a fast laptop trains hundreds of epochs a second; a reconnect re-sends a whole run.
  epochsPerSec: 500,
  epochBurst: 2_500,
  bytesPerSec: 128 * 1024,
  byteBurst: 512 * 1024,
  strikeLimit: 20,
};

export type FloodVerdict = "ok" | "throttled" | "disconnect";

class Bucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.at) / 1000) * this.rate);
    this.at = now;
  }

  has(amount: number): boolean {
    return this.tokens >= amount;
  }

  take(amount: number): void {
    this.tokens -= amount;
  }
}

export class FloodGuard {
  private readonly messages: Bucket;
  private readonly epochs: Bucket;
  private readonly bytes: Bucket;
  private strikes = 0;
  private strikesAt: number;

  constructor(
    private readonly rules: FloodRules,
    now: number,
  ) {
    this.messages = new Bucket(rules.messagesPerSec, rules.messageBurst, now);
    this.epochs = new Bucket(rules.epochsPerSec, rules.epochBurst, now);
    this.bytes = new Bucket(rules.bytesPerSec, rules.byteBurst, now);
    this.strikesAt = now;
  }

  /** Counts one message carrying `epochs` epochs in `bytes` bytes. Nothing is taken when it is refused. */
  admit(now: number, epochs: number, bytes: number): FloodVerdict {
    this.strikes = Math.max(0, this.strikes - Math.max(0, now - this.strikesAt) / 1000);
    this.strikesAt = now;
    for (const bucket of [this.messages, this.epochs, this.bytes]) bucket.refill(now);
    if (this.messages.has(1) && this.epochs.has(epochs) && this.bytes.has(bytes)) {
      this.messages.take(1);
      this.epochs.take(epochs);
      this.bytes.take(bytes);
      return "ok";
    }
    this.strikes += 1;
    return this.strikes > this.rules.strikeLimit ? "disconnect" : "throttled";
  }
}
