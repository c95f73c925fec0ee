/**
 * The outbox in IndexedDB: it outlives a reload or a crashed tab, and every tab of the site sees the same entries.
 * Each update is one readwrite transaction (read, change, write), so the training tab appending epochs and the
 * sender forgetting acknowledged ones never overwrite each other.
 */
import type { OutboxEntry } from "@/lib/runs/outbox";
import type { OutboxStore } from "./outbox-sender";

const DB_NAME = "loss-race";
const DB_VERSION = 1;
const STORE = "outbox";

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openIndexedDbOutbox(): Promise<OutboxStore> {
  const opening = indexedDB.open(DB_NAME, DB_VERSION);
  opening.onupgradeneeded = () => {
    if (!opening.result.objectStoreNames.contains(STORE)) opening.result.createObjectStore(STORE, { keyPath: "localId" });
  };
  return promised(opening).then((db) => new IndexedDbOutboxStore(db));
}

class IndexedDbOutboxStore implements OutboxStore {
  constructor(private readonly db: IDBDatabase) {}

  list(): Promise<OutboxEntry[]> {
    return promised(this.db.transaction(STORE, "readonly").objectStore(STORE).getAll() as IDBRequest<OutboxEntry[]>);
  }

  update(localId: string, change: (entry: OutboxEntry | undefined) => OutboxEntry | null): Promise<OutboxEntry | null> {
    return new Promise((resolve, reject) => {
      const transaction = this.db.transaction(STORE, "readwrite");
      const store = transaction.objectStore(STORE);
      let next: OutboxEntry | null = null;
      const reading = store.get(localId) as IDBRequest<OutboxEntry | undefined>;
      reading.onsuccess = () => {
        next = change(reading.result);
        if (next === null) store.delete(localId);
        else store.put(next);
      };
      transaction.oncomplete = () => resolve(next);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }
}
