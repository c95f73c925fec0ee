/**
 * The outbox kept in the tab's memory: where IndexedDB is unavailable (some private windows) the Playground still
 * retries through outages, it only cannot resume after a reload.
 */
import type { OutboxEntry } from "@/lib/runs/outbox";
import type { OutboxStore } from "./outbox-sender";

export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();

  async list(): Promise<OutboxEntry[]> {
    return [...this.entries.values()];
  }

  async update(localId: string, change: (entry: OutboxEntry | undefined) => OutboxEntry | null): Promise<OutboxEntry | null> {
    const next = change(this.entries.get(localId));
    if (next === null) this.entries.delete(localId);
    else this.entries.set(localId, next);
    return next;
  }
}
