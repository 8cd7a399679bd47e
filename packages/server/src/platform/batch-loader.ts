/**
 * Batched reads across concurrent requests. A key asked for is read at once when a load may start (fewer than
 * `lanes` in flight); keys asked for while the lanes are busy wait and go together in the next load — one
 * statement for many requests. A quiet platform thus reads each key on its own with no added delay, and a busy one
 * spends one round trip, one plan execution and one executor start-up on many requests, so a backlog drains
 * faster than it forms. Keys asked for in the same turn of the event loop go together too (the load starts on the
 * next turn, `setImmediate`), which is how a burst of requests parsed together is read together.
 *
 * A read is as of its load's statement: never older than the request that asked for it. A failed load fails every
 * key in it (a read fails for the database's reasons, not a key's).
 */

interface Waiting<K, V> {
  key: K;
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

export class BatchLoader<K, V> {
  #queue: Waiting<K, V>[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(
    /** Read these keys (distinct); the map holds the ones found. */
    private readonly read: (keys: K[]) => Promise<Map<K, V>>,
    /** At most this many keys in one load. */
    private readonly maxBatch = 64,
    /** At most this many loads in flight at once (each on its own connection). */
    private readonly lanes = 2,
  ) {}

  /** The value for `key`, or undefined when there is none. */
  load(key: K): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      this.#queue.push({ key, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight >= this.lanes || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#start();
    });
  }

  #start(): void {
    while (this.#inFlight < this.lanes && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        // What waited while this load ran goes now, together.
        this.#start();
      });
    }
  }

  async #run(batch: Waiting<K, V>[]): Promise<void> {
    let found: Map<K, V>;
    try {
      found = await this.read([...new Set(batch.map((w) => w.key))]);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    for (const w of batch) w.resolve(found.get(w.key));
  }
}
