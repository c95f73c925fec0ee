/**
 * Locks shared by the site's tabs: the outbox sender (one tab sends, so two tabs never send the same epochs) and
 * each run's training (held by the tab that trains it, so another tab can tell a live run from a dead one). Web
 * Locks where the browser has them; they exist only in secure contexts, and a classroom server reached by its LAN
 * address over http is not one, so there a lease in localStorage, renewed while held, stands in.
 */
import { randomId } from "../random-id";

export interface TabLocks {
  /** Runs `task` holding `name`, waiting for it first if another tab holds it. */
  hold(name: string, task: () => Promise<void>): Promise<void>;
  /** Whether any tab (this one included) holds `name` now. */
  isHeld(name: string): Promise<boolean>;
}

export function webLocks(locks: LockManager): TabLocks {
  return {
    hold: async (name, task) => {
      await locks.request(name, task);
    },
    isHeld: async (name) => ((await locks.query()).held ?? []).some((lock) => lock.name === name),
  };
}

export interface Lease {
  holder: string;
  until: number;
}

/** How long a lease lasts without renewal (a closed tab's lease lapses after this), and how often it is renewed. */
export const LEASE_MS = 5000;
export const LEASE_RENEW_MS = 1000;

/** Whether `holder` may take (or keep) the lease as stored; pure, so the rule is tested without a browser. */
export function mayTake(stored: Lease | null, holder: string, now: number): boolean {
  return stored === null || stored.holder === holder || stored.until < now;
}

export function parseLease(raw: string | null): Lease | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Lease>;
    return typeof value.holder === "string" && typeof value.until === "number" ? { holder: value.holder, until: value.until } : null;
  } catch {
    return null;
  }
}

export function leaseLocks(storage: Storage, holder: string, now: () => number = Date.now): TabLocks {
  const key = (name: string) => `loss-race:lease:${name}`;
  const read = (name: string) => parseLease(storage.getItem(key(name)));
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async hold(name, task) {
      while (!mayTake(read(name), holder, now())) await wait(LEASE_RENEW_MS);
      const renew = () => storage.setItem(key(name), JSON.stringify({ holder, until: now() + LEASE_MS }));
      renew();
      const timer = setInterval(renew, LEASE_RENEW_MS);
      try {
        await task();
      } finally {
        clearInterval(timer);
        if (read(name)?.holder === holder) storage.removeItem(key(name));
      }
    },
    async isHeld(name) {
      const lease = read(name);
      return lease !== null && lease.until >= now();
    },
  };
}

export function tabLocks(): TabLocks {
  if (typeof navigator !== "undefined" && navigator.locks) return webLocks(navigator.locks);
  return leaseLocks(window.localStorage, randomId());
}
