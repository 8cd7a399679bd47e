/**
 * Group commit in the application. Each commit on PostgreSQL waits for its WAL to reach the disk, and on a
 * busy platform that flush, not the SQL, is what a write costs most. Writes handed to a `GroupCommit` while
 * another group is committing wait for it to end and then go together: one transaction, one flush, each write
 * answered only after that commit — durability is unchanged. With no other write in flight a write goes at once,
 * so a quiet platform adds no delay.
 *
 * Each write must be one statement that either applies or writes nothing (a conditional write). If any write of a
 * group fails, the group's transaction rolls back and each of its writes is run again on its own, so one bad
 * write never fails another.
 */
import type { Kysely, Transaction } from 'kysely';
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
    private readonly write: (db: Kysely<Database> | Transaction<Database>, input: I) => Promise<O>,
    /** At most this many writes in one transaction. */
    private readonly maxGroup = 64,
    /** At most this many groups committing at once (each on its own connection). */
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
      while (this.#queue.length > 0) {
        const group = this.#queue.splice(0, this.maxGroup);
        if (group.length === 1) await this.#alone(group[0]!);
        else await this.#together(group);
      }
    } finally {
      this.#committing--;
    }
  }

  async #alone(item: Queued<I, O>): Promise<void> {
    try {
      item.resolve(await this.write(this.db, item.input));
    } catch (error) {
      item.reject(error);
    }
  }

  async #together(group: Queued<I, O>[]): Promise<void> {
    let outputs: O[];
    try {
      outputs = await this.db.transaction().execute(async (trx) => {
        const out: O[] = [];
        for (const item of group) out.push(await this.write(trx, item.input));
        return out;
      });
    } catch {
      // Rolled back: nothing of the group was written. Each goes again on its own.
      for (const item of group) await this.#alone(item);
      return;
    }
    group.forEach((item, i) => item.resolve(outputs[i]!));
  }
}
