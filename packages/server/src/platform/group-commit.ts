/**
 * Group commit in the application. Each commit on PostgreSQL waits for its WAL to reach the disk, and each
 * statement costs a round trip and an executor start-up; on a busy platform those, not the rows, are most of what a
 * write costs. Writes handed to a `GroupCommit` while the lanes are busy wait for a lane and then go together, as
 * one batch: the writer writes them in one statement (one transaction, one flush), and each write is answered only
 * after that commit — durability is unchanged. With a lane free a write goes at once, so a quiet platform adds no
 * delay.
 *
 * The writer takes a batch and writes all of it or nothing (one statement, or a transaction of its own), each write
 * conditional on what its caller read, and returns one result per write, in order. If a batch fails, each of its
 * writes is run again on its own, so one bad write never fails another.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

interface Queued<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, O> {
  #queue: Queued<I, O>[] = [];
  #committing = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly write: (db: Kysely<Database>, inputs: I[]) => Promise<O[]>,
    /** At most this many writes in one batch. */
    private readonly maxGroup = 64,
    /** At most this many batches committing at once (each on its own connection). */
    private readonly lanes = 2,
  ) {}

  /** Write `input` (with others that are waiting); resolves after the commit that made it durable. */
  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (this.#committing < this.lanes) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#committing++;
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.maxGroup));
    } finally {
      this.#committing--;
    }
  }

  async #commit(group: Queued<I, O>[]): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.write(
        this.db,
        group.map((item) => item.input),
      );
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // Nothing of the batch was written. Each goes again on its own.
      for (const item of group) await this.#commit([item]);
      return;
    }
    group.forEach((item, i) => item.resolve(outputs[i]!));
  }
}
