/**
 * The tab's outbox: the store (IndexedDB, or memory where that fails), the sender for the signed-in person (run
 * only while this tab holds the sender lock), and every run's latest status, shared with the other tabs over a
 * BroadcastChannel (whichever tab sends, each tab can say how its run's saving goes).
 */
import type { OutboxEntry } from "@/lib/runs/outbox";
import { api } from "../api";
import { openIndexedDbOutbox } from "./indexeddb-store";
import { MemoryOutboxStore } from "./memory-store";
import { OutboxSender, type OutboxRunStatus, type OutboxStore } from "./outbox-sender";
import { tabLocks, type TabLocks } from "./tab-locks";

const SENDER_LOCK = "loss-race:outbox-sender";
const trainingLock = (localId: string) => `loss-race:training:${localId}`;

const browserTime = {
  now: () => Date.now(),
  after(ms: number, fn: () => void) {
    const timer = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

export class OutboxRuntime {
  readonly store: Promise<OutboxStore>;
  private readonly locks: TabLocks = tabLocks();
  private readonly statuses = new Map<string, OutboxRunStatus>();
  private readonly listeners = new Set<() => void>();
  private readonly channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("loss-race:outbox") : null;
  private sender: OutboxSender | null = null;
  private userId: string | null = null;

  constructor() {
    this.store = openIndexedDbOutbox().catch(() => new MemoryOutboxStore());
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<{ localId: string; status: OutboxRunStatus }>) => this.setStatus(event.data.localId, event.data.status);
    }
  }

  /** Sends the outbox of whoever is signed in (nobody: nothing). */
  setUser(userId: string | null): void {
    if (userId === this.userId) return;
    this.userId = userId;
    this.sender?.stop();
    this.sender = null;
    if (userId === null) return;
    void this.locks.hold(SENDER_LOCK, async () => {
      if (this.userId !== userId) return;
      const sender = new OutboxSender({
        store: await this.store,
        api,
        time: browserTime,
        userId,
        isTraining: (localId) => this.locks.isHeld(trainingLock(localId)),
        onStatus: (localId, status) => {
          this.setStatus(localId, status);
          this.channel?.postMessage({ localId, status });
        },
      });
      this.sender = sender;
      await sender.run();
    });
  }

  /** Holds the run's training lock until `ended` settles; resolves once it is held. */
  holdTraining(localId: string, ended: Promise<unknown>): Promise<void> {
    return new Promise((held) => {
      void this.locks.hold(trainingLock(localId), async () => {
        held();
        await ended.catch(() => undefined);
      });
    });
  }

  /** Changes a run's entry and has it sent. */
  async write(localId: string, change: (entry: OutboxEntry | undefined) => OutboxEntry | null): Promise<void> {
    await (await this.store).update(localId, change);
    this.sender?.poke();
  }

  status(localId: string): OutboxRunStatus | undefined {
    return this.statuses.get(localId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(localId: string, status: OutboxRunStatus): void {
    this.statuses.set(localId, status);
    for (const listener of this.listeners) listener();
  }
}

let runtime: OutboxRuntime | null = null;

/** The tab's one outbox (created on first use, in the browser only). */
export function outboxRuntime(): OutboxRuntime {
  runtime ??= new OutboxRuntime();
  return runtime;
}
