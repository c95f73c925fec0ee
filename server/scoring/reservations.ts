/**
 * Submission slots held while an upload is scored. An upload may be scored only if the student's stored
 * submissions plus the ones being scored stay under the race's limit, checked and reserved in one step per
 * student and race, and the slot is given back once the upload is stored (it is then counted in the database) or
 * refused. Thirty simultaneous uploads with a limit of three are then three scorings and twenty-seven refusals,
 * answered at once. The database transaction that stores a submission still enforces the limit, across server
 * processes too; this keeps a process from spending the workers on uploads that could never count.
 */
export interface Reservation {
  /** Gives the slot back; call once the upload is stored or refused (later calls do nothing). */
  release(): Promise<void>;
}

export class Reservations {
  private readonly held = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * A slot for one more submission, or null when `stored` (read inside the step) plus those being scored reach
   * the limit.
   */
  reserve(raceId: string, userId: string, limit: number, stored: () => Promise<number>): Promise<Reservation | null> {
    const key = `${raceId}\u0000${userId}`;
    return this.serially(key, async () => {
      const held = this.held.get(key) ?? 0;
      if ((await stored()) + held >= limit) return null;
      this.held.set(key, held + 1);
      let released = false;
      return {
        release: () => {
          if (released) return Promise.resolve();
          released = true;
          // Serialised with reservations: a count read before this upload was stored must still see its slot.
          return this.serially(key, async () => {
            const left = (this.held.get(key) ?? 1) - 1;
            if (left > 0) this.held.set(key, left);
            else this.held.delete(key);
          });
        },
      };
    });
  }

  /** Slots held now for a student (tests and diagnostics). */
  heldFor(raceId: string, userId: string): number {
    return this.held.get(`${raceId}\u0000${userId}`) ?? 0;
  }

  private serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const next = (this.locks.get(key) ?? Promise.resolve()).then(work, work);
    const tail = next.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return next;
  }
}
